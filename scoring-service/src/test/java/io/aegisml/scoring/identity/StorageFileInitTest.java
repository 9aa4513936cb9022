package io.aegisml.scoring.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The init step against stand-ins for the MSI endpoint and the SAS exchange (the real ones run in the
 * end-to-end test): what it sends, how it retries a refusal, and that the lines it writes — which go to
 * the deployment's log and to Kafka — never carry the MSI secret or the identity's token.
 */
class StorageFileInitTest {

    private static final String SECRET = "msi-secret-never-shown";
    private static final String TOKEN = "identity-token-never-shown";

    private HttpServer server;
    private final List<HttpExchangeRecord> msiCalls = new CopyOnWriteArrayList<>();
    private final List<HttpExchangeRecord> sasCalls = new CopyOnWriteArrayList<>();
    private volatile int msiStatus = 200;

    record HttpExchangeRecord(String query, Map<String, String> headers, String body) {
    }

    @BeforeEach
    void standIns() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/msi/token", exchange -> {
            msiCalls.add(record(exchange));
            answer(exchange, msiStatus, msiStatus == 200
                    ? "{\"access_token\": \"" + TOKEN + "\", \"expires_on\": \"1\", \"token_type\": \"Bearer\"}"
                    : "{\"error\": {\"code\": \"Unauthorized\", \"message\": \"The secret is not this host's MSI_SECRET.\"}}");
        });
        server.createContext("/sas", exchange -> {
            sasCalls.add(record(exchange));
            answer(exchange, 403, "{\"error\": {\"code\": \"Forbidden\", \"message\": \"The managed identity /x/uai (principal p)"
                    + " does not have 'Aegis.Storage/storageAccounts/containers/blobs/read' on '/c'\"}}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRefusedSasIsRetriedThenFailsWithTheServicesExplanationAndNoSecret() {
        Map<String, String> environment = environment();
        environment.put("UAI_CLIENT_ID", "11111111-2222-3333-4444-555555555555");

        assertThatThrownBy(() -> StorageFileInit.run(environment))
                .isInstanceOf(StorageFileInit.InitFailed.class)
                .hasMessageContaining("the SAS exchange answered HTTP 403")
                .hasMessageContaining("does not have 'Aegis.Storage/storageAccounts/containers/blobs/read' on '/c'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET, TOKEN));

        HttpExchangeRecord msi = msiCalls.get(0);
        assertThat(msi.headers()).containsEntry("metadata", "true").containsEntry("secret", SECRET);
        assertThat(msi.query()).contains("resource=https://storage.azure.com/",
                "clientid=11111111-2222-3333-4444-555555555555");
        assertThat(sasCalls).hasSize(3); // a role granted a moment ago gets two more chances
        assertThat(sasCalls.get(0).headers()).containsEntry("authorization", "Bearer " + TOKEN);
        assertThat(sasCalls.get(0).body()).contains("\"account\":\"acct\"", "\"container\":\"data\"");
    }

    @Test
    void aWrongSecretFailsAtOnceWithoutReachingTheExchange() {
        msiStatus = 401;
        assertThatThrownBy(() -> StorageFileInit.run(environment()))
                .hasMessageContaining("MSI_ENDPOINT answered HTTP 401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(sasCalls).isEmpty();
    }

    @Test
    void aMissingSettingIsNamedAndNothingIsCalled() {
        Map<String, String> environment = environment();
        environment.remove("FILE_NAME");
        assertThatThrownBy(() -> StorageFileInit.run(environment))
                .hasMessage("Init failed: environment variable FILE_NAME is not set");
        assertThat(msiCalls).isEmpty();
        assertThat(StorageFileInit.configured(Map.of("FILE_NAME", "x"))).isTrue();
        assertThat(StorageFileInit.configured(Map.of("OTHER", "x"))).isFalse();
    }

    private Map<String, String> environment() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> environment = new HashMap<>();
        environment.put("STORAGE_ACCOUNT_NAME", "acct");
        environment.put("STORAGE_CONTAINER_NAME", "data");
        environment.put("FILE_NAME", "hello.txt");
        environment.put("MSI_ENDPOINT", base + "/msi/token");
        environment.put("MSI_SECRET", SECRET);
        environment.put("AEGIS_SAS_ENDPOINT", base + "/sas");
        return environment;
    }

    private static HttpExchangeRecord record(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        String query = exchange.getRequestURI().getQuery();
        return new HttpExchangeRecord(query == null ? "" : query, headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
