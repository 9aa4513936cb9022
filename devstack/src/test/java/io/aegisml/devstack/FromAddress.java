package io.aegisml.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 POST sent from a chosen source address on the loopback range (127.0.0.x stands for a distinct
 * network), which java.net.http cannot do on Java 17: how the network-isolation tests play callers from
 * different networks without network namespaces.
 */
final class FromAddress {

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private FromAddress() {
    }

    static Answer post(String source, String baseUrl, String path, String bearer, String body, Map<String, String> headers) {
        URI base = URI.create(baseUrl);
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Connection: close\r\nContent-Type: application/json\r\n")
                .append("Authorization: Bearer ").append(bearer).append("\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = connect(base, InetAddress.getByName(source))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("POST " + path + " from " + source, e);
        }
    }

    /**
     * A raw connection to {@code base} (from {@code source}, if not null): TLS for an https URL, the server's name
     * checked against its certificate as any HTTPS client does, trusting what the JVM trusts (the stack's CA).
     */
    static Socket connect(URI base, InetAddress source) throws IOException {
        InetAddress host = InetAddress.getByName(base.getHost());
        if (!"https".equals(base.getScheme())) {
            return source == null ? new Socket(host, base.getPort()) : new Socket(host, base.getPort(), source, 0);
        }
        javax.net.ssl.SSLSocketFactory factory;
        try {
            factory = javax.net.ssl.SSLContext.getDefault().getSocketFactory();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) (source == null
                ? factory.createSocket(base.getHost(), base.getPort())
                : factory.createSocket(base.getHost(), base.getPort(), source, 0));
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in a response head");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
