package io.aegisml.cli.api;

import io.aegisml.cli.session.Session;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's HTTP client for the edge: the login's bearer token (renewed when it expires), JSON in and
 * out, and the service's JSON error turned into a one-line message and an exit code.
 */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static HttpClient http;

    private final Session session;

    /** Made at first use: a CA bundle that cannot be read is then the command's error, with its exit code. */
    private static synchronized HttpClient http() {
        // One client per trusted bundle: the CLI runs in-process in tests, where the bundle changes between runs.
        String bundle = TrustedCertificates.bundle();
        if (http == null || !java.util.Objects.equals(bundle, httpBundle)) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                    .sslContext(TrustedCertificates.context()).build();
            httpBundle = bundle;
        }
        return http;
    }

    private static String httpBundle;

    public ApiClient(Session session) {
        this.session = session;
    }

    public record Response(int status, Map<String, String> headers, byte[] body) {
        public JsonNode json() {
            return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public JsonNode get(String path) {
        return call("GET", path, null, null, Map.of()).json();
    }

    public JsonNode put(String path, Object body) {
        return call("PUT", path, JSON.writeValueAsBytes(body), "application/json", Map.of()).json();
    }

    public JsonNode post(String path, Object body) {
        return call("POST", path, body == null ? new byte[0] : JSON.writeValueAsBytes(body), "application/json", Map.of())
                .json();
    }

    public Response delete(String path) {
        return call("DELETE", path, null, null, Map.of());
    }

    /** A request with the login's token; any status ≥ 400 is a {@link CliError} with the service's message. */
    public Response call(String method, String path, byte[] body, String contentType, Map<String, String> headers) {
        String authorization = "Bearer " + token();
        String url = session.url();
        try {
            return check(send(method, url + path, body, contentType, headers, authorization));
        } catch (CliError unreachable) {
            // A login saved before the stack spoke TLS keeps its http:// address, which now gets no HTTP answer: the
            // same address in https, if it answers there, is the stack (its certificate checked as ever). Safe to send
            // again: a TLS server answers a clear-text request with nothing, so the first one was never served.
            if (unreachable.exitCode() != CliError.UNREACHABLE || !url.startsWith("http://")) {
                throw unreachable;
            }
            String secure = "https://" + url.substring("http://".length());
            Response answered;
            try {
                answered = send(method, secure + path, body, contentType, headers, authorization);
            } catch (CliError alsoUnreachable) {
                throw unreachable;
            }
            Map<String, String> config = new java.util.LinkedHashMap<>(session.config());
            config.put("url", secure);
            session.saveConfig(config);
            System.err.println("WARNING: " + url + " answers in TLS only now; the login uses " + secure + " from here on.");
            return check(answered);
        }
    }

    /** A request with a credential of its own (an endpoint key or token), to an absolute URL. */
    public Response callWith(String credential, String method, String url, byte[] body, Map<String, String> headers) {
        return check(send(method, url, body, "application/json", headers, credential == null ? null : "Bearer " + credential));
    }

    public static Response send(String method, String url, byte[] body, String contentType, Map<String, String> headers,
                                String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(200))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> lower = response.headers().map().entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().toLowerCase(), e -> String.join(",", e.getValue())));
            return new Response(response.statusCode(), lower, response.body());
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new CliError(CliError.UNREACHABLE, URI.create(url).getAuthority() + " has a certificate this CLI does not "
                    + "trust: set AEGIS_CA_BUNDLE to its CA's PEM file (./aegis does so for the local stack's .data/tls/ca.crt)");
        } catch (IOException e) {
            throw new CliError(CliError.UNREACHABLE, "Cannot reach " + URI.create(url).getAuthority()
                    + " (" + e.getClass().getSimpleName() + "): is the stack running (./aegis up)?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(CliError.UNREACHABLE, "Interrupted.");
        }
    }

    /** Any status ≥ 400 as a {@link CliError} with the service's message (exit 3 for 401, 1 otherwise). */
    public static Response check(Response response) {
        if (response.status() < 400) {
            return response;
        }
        String message;
        try {
            JsonNode error = response.json().path("error");
            message = error.path("code").asString("Error") + ": " + error.path("message").asString(response.text());
        } catch (RuntimeException notJson) {
            message = "HTTP " + response.status() + ": " + response.text();
        }
        throw new CliError(response.status() == 401 ? CliError.NOT_LOGGED_IN : CliError.REFUSED,
                "(" + response.status() + ") " + message);
    }

    /** The login's access token, renewed if need be, for a request whose refusal is not an error. */
    public String accessToken() {
        return token();
    }

    /** The access token, renewed with the refresh token or the service principal's secret once expired. */
    private String token() {
        Map<String, String> credentials = session.credentials();
        String access = credentials.get("access_token");
        if (access == null) {
            throw new CliError(CliError.NOT_LOGGED_IN, "Not logged in: run 'aegis login'.");
        }
        if (Instant.parse(credentials.get("expires_at")).isAfter(Instant.now().plusSeconds(20))) {
            return access;
        }
        Map<String, String> form = credentials.get("client_secret") != null
                ? Map.of("grant_type", "client_credentials", "client_id", credentials.get("client_id"),
                        "client_secret", credentials.get("client_secret"))
                : credentials.get("refresh_token") != null
                ? Map.of("grant_type", "refresh_token", "client_id", credentials.get("client_id"),
                        "refresh_token", credentials.get("refresh_token"))
                : null;
        if (form == null) {
            throw new CliError(CliError.NOT_LOGGED_IN, "The login has expired: run 'aegis login' again.");
        }
        Map<String, String> renewed = Session.tokens(tokenRequest(session.tokenUrl(), session.withScope(form)),
                credentials);
        session.saveCredentials(renewed);
        return renewed.get("access_token");
    }

    /** POST to a token endpoint; an error is a {@link CliError} with the identity provider's reason. */
    public static Map<String, Object> tokenRequest(String tokenUrl, Map<String, String> form) {
        Response response = send("POST", tokenUrl, formBody(form),
                "application/x-www-form-urlencoded", Map.of(), null);
        Map<String, Object> answer = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        if (response.status() >= 400) {
            throw new CliError(CliError.NOT_LOGGED_IN, "Login failed: " + answer.getOrDefault("error_description",
                    answer.getOrDefault("error", "HTTP " + response.status())));
        }
        return answer;
    }

    public static byte[] formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }
}
