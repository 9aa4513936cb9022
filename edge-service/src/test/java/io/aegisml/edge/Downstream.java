package io.aegisml.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for one service behind the edge: records what reached it and answers 200 with its
 * name. Like the real services, it returns the x-request-id it received.
 */
final class Downstream {

    /** One request as the service saw it; header names lower-cased. */
    record Seen(String method, String path, Map<String, List<String>> headers, int bodyLength) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final String name;
    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private Downstream(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        // A thread per exchange: one request the edge abandons half-sent must not hold up the next.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    static Downstream start(String name) {
        try {
            return new Downstream(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An address where nothing listens: a service that is down. */
    static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String name() {
        return name;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    void forget() {
        seen.clear();
    }

    private void answer(HttpExchange exchange) throws IOException {
        int length;
        try (InputStream body = exchange.getRequestBody()) {
            length = body.readAllBytes().length;
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), values));
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, length));

        byte[] reply = ("{\"servedBy\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        String requestId = exchange.getRequestHeaders().getFirst("x-request-id");
        if (requestId != null) {
            exchange.getResponseHeaders().set("x-request-id", requestId);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-served-by", name);
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }
}
