package io.aegisml.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A user's HTTP client for the edge: JSON in, JSON out, headers visible. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Built at first use, after the stack has set the JVM's trust (its own CA, {@link StackExtension}). */
    private static final class Client {
        static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private final String baseUrl;
    /** Where {@code /endpoints/...} (the data plane's routes) go; the edge too unless told otherwise. */
    private final String scoringUrl;
    private final HttpClient client;

    Api(String baseUrl) {
        this(baseUrl, baseUrl);
    }

    Api(String baseUrl, String scoringUrl) {
        this.baseUrl = baseUrl;
        this.scoringUrl = scoringUrl;
        this.client = null;
    }

    /** A client trusting what {@code tls} trusts (another stack's CA than the JVM's). */
    Api(String baseUrl, String scoringUrl, javax.net.ssl.SSLContext tls) {
        this.baseUrl = baseUrl;
        this.scoringUrl = scoringUrl;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(tls).build();
    }

    record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(), java.util.List.of()).stream().findFirst().orElse(null);
        }
    }

    Response send(String method, String path, String token, String body, Map<String, String> headers) {
        return sendBytes(method, path, token,
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** A body of any type: JSON unless the headers say otherwise (YAML documents, model files). */
    Response sendBytes(String method, String path, String token, byte[] body, Map<String, String> headers) {
        String base = path.startsWith("/endpoints/") ? scoringUrl : baseUrl;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = (client != null ? client : Client.HTTP).send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, java.util.List<String>> lower = new java.util.HashMap<>();
            response.headers().map().forEach((k, v) -> lower.put(k.toLowerCase(), v));
            return new Response(response.statusCode(), lower, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    Response put(String path, String token, String body) {
        return send("PUT", path, token, body, Map.of());
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }
}
