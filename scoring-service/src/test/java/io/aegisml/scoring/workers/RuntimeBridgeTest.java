package io.aegisml.scoring.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way out of a worker's network: the MSI endpoint and blob reads pass, nothing else goes anywhere. */
class RuntimeBridgeTest {

    @TempDir
    Path dir;
    private ServerSocket upstream;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private RuntimeBridge bridge;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        upstream = new ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!upstream.isClosed()) {
                try (Socket client = upstream.accept()) {
                    InputStream in = client.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head.append((char) b);
                    }
                    received.add(head.toString());
                    client.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        Path control = java.nio.file.Files.createDirectories(dir.resolve("d/control"));
        socket = control.resolve("bridge.sock");
        String base = "http://127.0.0.1:" + upstream.getLocalPort();
        bridge = new RuntimeBridge(socket, URI.create(base + "/msi/token"), URI.create(base + "/internal/storage/blobs"));
    }

    @AfterEach
    void stop() throws IOException {
        bridge.close();
        upstream.close();
    }

    @Test
    void theTokenRequestIsPassedOnOnceWithItsHeadersAndNoKeepAlive() throws Exception {
        String answer = send("GET /msi/token?resource=https://storage.azure.com/ HTTP/1.1\r\nHost: 127.0.0.1:40080\r\n"
                + "secret: s3cret\r\nMetadata: true\r\nConnection: keep-alive\r\nX-Forwarded-For: 10.1.2.3\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("ok");
        String head = received.poll(5, TimeUnit.SECONDS);
        assertThat(head).startsWith("GET /msi/token?resource=https://storage.azure.com/ HTTP/1.1\r\n")
                .contains("secret: s3cret", "Metadata: true", "Connection: close", "Host: 127.0.0.1:" + upstream.getLocalPort())
                .doesNotContain("keep-alive", "40080", "X-Forwarded-For");
    }

    @Test
    void aBlobReadGoesToTheBlobEndpointWithItsQuery() throws Exception {
        assertThat(send("GET /blob/oepstorage1/hellocontainer/hello.txt?api-version=2019-04-01 HTTP/1.1\r\n"
                + "Authorization: Bearer t\r\nx-ms-version: 2019-02-02\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(received.poll(5, TimeUnit.SECONDS))
                .startsWith("GET /internal/storage/blobs/oepstorage1/hellocontainer/hello.txt?api-version=2019-04-01 ");
    }

    @Test
    void everythingElseIsRefusedHereAndReachesNothing() throws Exception {
        for (String request : new String[] {
                "GET /actuator/prometheus HTTP/1.1\r\n\r\n",
                "POST /msi/token HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi",
                "GET /msi/tokenX HTTP/1.1\r\n\r\n",
                "GET /msi/token/../../endpoints/e/score HTTP/1.1\r\n\r\n",
                "GET /blob/a/../../actuator/health HTTP/1.1\r\n\r\n",
                "GET /blob/acct/cont/%2e%2e HTTP/1.1\r\n\r\n",
                "GET /blob/acct/cont/b/c HTTP/1.1\r\n\r\n",
                "GET /msi/token HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET http://169.254.169.254/metadata HTTP/1.1\r\n\r\n",
                // A second request smuggled behind bare line feeds, which a server may read as line ends.
                "GET /msi/token HTTP/1.1\r\nx: a\nHost: h\n\nPOST /endpoints/victim/score HTTP/1.1\nContent-Length: 2\n\n{}\r\n\r\n",
                "GET /msi/token HTTP/1.1\r\nx: a\rb\r\n\r\n",
                "GET /msi/token HTTP/1.1\r\nx: \u0000\r\n\r\n"}) {
            assertThat(send(request)).as(request).matches("HTTP/1.1 (403|400) [\\s\\S]*");
        }
        String oversized = "GET /" + "x".repeat(20_000) + " HTTP/1.1\r\n\r\n";
        try {
            assertThat(send(oversized)).startsWith("HTTP/1.1 400");
        } catch (java.net.SocketException reset) {
            // answered and closed with the rest of the head unread: the client sees a reset instead of the 400
        }
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    private String send(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(channel).write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
