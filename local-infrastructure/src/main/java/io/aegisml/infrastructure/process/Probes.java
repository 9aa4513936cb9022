package io.aegisml.infrastructure.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Readiness checks and port helpers. */
public final class Probes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Probes() {
    }

    public static boolean portOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean httpOk(String url) {
        return httpStatus(url) == 200;
    }

    /** Over HTTPS, trusting what {@code tls} trusts (the stack's own CA). */
    public static boolean httpOk(String url, javax.net.ssl.SSLContext tls) {
        return httpStatus(url, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(tls).build()) == 200;
    }

    public static int httpStatus(String url) {
        return httpStatus(url, HTTP);
    }

    private static int httpStatus(String url, HttpClient client) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A port nobody listens on now, for tests that must not collide with a running devstack. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Fails with a clear message if something already listens on a port we are told to use. */
    public static void requireFree(String component, int port) {
        if (portOpen("127.0.0.1", port)) {
            throw new ComponentFailure(component, "its port " + port + " is already in use",
                    "Stop what holds it or choose another port (README, Ports)", null);
        }
    }
}
