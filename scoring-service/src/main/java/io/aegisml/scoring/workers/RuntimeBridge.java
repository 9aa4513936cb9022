package io.aegisml.scoring.workers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The one way out of a worker's network namespace: a Unix socket on which scoring-service takes plain HTTP
 * requests and passes two kinds on, one request per connection — {@code GET /msi/token...} to the managed-identity
 * endpoint ({@code MSI_ENDPOINT}), and {@code GET /blob/{account}/{container}/{blob}} to identity-service's blob
 * reads with a managed identity's token ({@code AEGIS_BLOB_ENDPOINT}). Anything else (another path, a method with
 * a body, an oversized head) is answered 403 or 400 here and goes nowhere.
 */
final class RuntimeBridge implements AutoCloseable {

    static final String PATH = "/msi/token";
    static final String BLOB_PREFIX = "/blob/";
    /** Three plain segments (account, container, blob) and a plain query such as ?api-version=...: nothing a server
     * could read as another path. */
    private static final java.util.regex.Pattern BLOB_PATH = java.util.regex.Pattern.compile(
            "/blob/[a-z0-9]{3,24}/[a-z0-9-]{3,63}/[A-Za-z0-9][A-Za-z0-9._-]{0,255}(\\?[A-Za-z0-9=&._-]{0,256})?");
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    /** What the MSI endpoint and blob reads read; every other header stays here. */
    private static final java.util.Set<String> FORWARDED_HEADERS = java.util.Set.of("secret", "x-identity-header", "metadata",
            "authorization", "x-ms-version", "x-ms-blob-type", "x-ms-date", "x-ms-client-request-id", "accept",
            "user-agent");
    private static final int TIMEOUT_MS = 30_000;

    private final ServerSocketChannel listener;
    private final InetSocketAddress target;
    private final InetSocketAddress blobTarget;
    private final String blobPath;
    private final Semaphore concurrent = new Semaphore(16);
    private final Thread acceptor;

    RuntimeBridge(Path socket, URI msiEndpoint, URI blobEndpoint) throws IOException {
        java.nio.file.Files.deleteIfExists(socket);
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        this.target = new InetSocketAddress(msiEndpoint.getHost(), msiEndpoint.getPort());
        this.blobTarget = new InetSocketAddress(blobEndpoint.getHost(), blobEndpoint.getPort());
        this.blobPath = blobEndpoint.getPath();
        this.acceptor = new Thread(this::accept, "runtime-bridge-" + socket.getParent().getParent().getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                if (!concurrent.tryAcquire()) {
                    client.close();
                    continue;
                }
                Thread one = new Thread(() -> {
                    try (client) {
                        serve(client);
                        drain(client);
                    } catch (IOException e) {
                        // the worker went away mid-request
                    } finally {
                        concurrent.release();
                    }
                }, "runtime-bridge-request");
                one.setDaemon(true);
                one.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel client) throws IOException {
        InputStream in = Channels.newInputStream(client);
        OutputStream out = Channels.newOutputStream(client);
        String head = readHead(in);
        if (head == null) {
            refuse(out, 400, "The request's head is malformed or larger than " + MAX_HEAD_BYTES + " bytes.");
            return;
        }
        // One request, read one way: a bare CR or LF (which a server may take as a line end, and so as a second
        // request smuggled in the first) or any other control character refuses the whole request.
        if (head.replace("\r\n", "").chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            refuse(out, 400, "The request's head has a bare CR or LF or a control character.");
            return;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        String path = requestLine.length == 3 ? requestLine[1] : "";
        boolean msi = path.equals(PATH) || path.startsWith(PATH + "?");
        boolean blob = BLOB_PATH.matcher(path).matches();
        if (!requestLine[0].equals("GET") || !(msi || blob)) {
            refuse(out, 403, "Only GET " + PATH + " (MSI_ENDPOINT) and GET /blob/{account}/{container}/{blob} "
                    + "(AEGIS_BLOB_ENDPOINT) are reachable from a deployment.");
            return;
        }
        InetSocketAddress to = msi ? target : blobTarget;
        String forwardedPath = msi ? path : blobPath + "/" + path.substring(BLOB_PREFIX.length());
        StringBuilder forwarded = new StringBuilder("GET " + forwardedPath + " HTTP/1.1\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase() : "";
            if (name.equals("content-length") || name.equals("transfer-encoding")) {
                refuse(out, 400, "A request to " + PATH + " has no body.");
                return;
            }
            if (FORWARDED_HEADERS.contains(name)) {
                forwarded.append(lines[i]).append("\r\n");
            }
        }
        forwarded.append("Host: ").append(to.getHostString()).append(':').append(to.getPort()).append("\r\n")
                .append("Connection: close\r\n\r\n");
        try (Socket upstream = new Socket()) {
            upstream.connect(to, TIMEOUT_MS);
            upstream.setSoTimeout(TIMEOUT_MS);
            upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().flush();
            upstream.getInputStream().transferTo(out);
        }
    }

    /**
     * What the worker sent beyond what was read (a refused request's body), discarded before closing: closing with
     * unread bytes would reset the connection, and the worker would see no answer instead of the refusal.
     */
    private static void drain(SocketChannel client) throws IOException {
        client.shutdownOutput();
        client.configureBlocking(false);
        java.nio.ByteBuffer discard = java.nio.ByteBuffer.allocate(64 * 1024);
        for (int read = 0, total = 0; (read = client.read(discard)) > 0 && total < 1 << 20; total += read) {
            discard.clear();
        }
    }

    /** The request's head up to its blank line, or null when it is malformed or too long. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    private static void refuse(OutputStream out, int status, String message) throws IOException {
        byte[] body = ("{\"error\":{\"code\":\"" + (status == 403 ? "Forbidden" : "BadRequest") + "\",\"message\":\""
                + message.replace("\"", "'") + "\"}}").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + (status == 403 ? " Forbidden" : " Bad Request") + "\r\nContent-Type: "
                + "application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() {
        WorkerInstance.closeQuietly(listener);
        acceptor.interrupt();
    }
}
