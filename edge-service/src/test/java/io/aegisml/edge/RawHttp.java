package io.aegisml.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 by hand, for what java.net.http will not send: a Content-Length with no body behind it
 * (the edge must answer before reading), and a chunked body of a chosen size.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** One kept-alive connection on which several requests may be written at once (HTTP/1.1 pipelining). */
    static final class KeepAlive implements AutoCloseable {
        private final Socket socket;

        KeepAlive(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
        }

        /** Writes the GET requests for {@code paths} in one go, before reading any answer. */
        void get(String... paths) throws IOException {
            StringBuilder requests = new StringBuilder();
            for (String path : paths) {
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The next answer; a read timeout if the edge stopped reading the connection. */
        Response read() throws IOException {
            return RawHttp.read(socket.getInputStream());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Sends only the head, claiming a body of {@code declaredLength} bytes that never comes. */
    static Response declaring(int port, String method, String path, long declaredLength, String... headerLines)
            throws IOException {
        StringBuilder head = head(method, path, headerLines).append("Content-Length: ").append(declaredLength)
                .append("\r\n\r\n");
        return exchange(port, head.toString().getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    /** Sends {@code chunks} chunks of {@code chunkSize} bytes with chunked transfer coding. */
    static Response chunked(int port, String method, String path, int chunks, int chunkSize, String... headerLines)
            throws IOException {
        StringBuilder head = head(method, path, headerLines).append("Transfer-Encoding: chunked\r\n\r\n");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = "x".repeat(chunkSize).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < chunks; i++) {
            body.write((Integer.toHexString(chunkSize) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(chunk);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return exchange(port, head.toString().getBytes(StandardCharsets.US_ASCII), body.toByteArray());
    }

    private static StringBuilder head(String method, String path, String... headerLines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head;
    }

    private static Response exchange(int port, byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            try {
                out.write(body);
                out.flush();
            } catch (IOException closedEarly) {
                // The edge may answer and close before it has read the whole body; read its answer.
            }
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + "," + b);
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("Connection closed in the middle of a response head: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
