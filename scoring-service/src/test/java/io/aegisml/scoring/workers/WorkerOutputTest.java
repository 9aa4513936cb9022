package io.aegisml.scoring.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a worker writes — its output, its answers — is bounded here before it is gathered. */
class WorkerOutputTest {

    @Test
    void aLineWithoutEndIsCutAsItArrivesNotGathered() throws IOException {
        // 100 MB of one "line", produced lazily: had it been gathered, this test's heap would not hold it.
        long size = 100L * 1024 * 1024;
        InputStream endless = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : (left == -1 ? '\n' : -1);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
        List<String> lines = new ArrayList<>();
        WorkerInstance.readLines(endless, 2000, lines::add);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).hasSize(2000 + "... (cut)".length()).endsWith("... (cut)");
    }

    @Test
    void linesArePassedOnOneByOneAndTheLastWithoutNewlineToo() throws IOException {
        List<String> lines = new ArrayList<>();
        WorkerInstance.readLines(new ByteArrayInputStream("one\ntwo é\n\nlast".getBytes(StandardCharsets.UTF_8)), 2000,
                lines::add);
        assertThat(lines).containsExactly("one", "two é", "", "last");
    }

    @Test
    void anAnswerLargerThanAllowedOrOfNoKnownOutcomeIsRefusedBeforeItIsRead() throws IOException {
        try (Pair pair = pair()) {
            pair.worker().write(ByteBuffer.allocate(5).put(0, (byte) 0).putInt(1, 64 * 1024 * 1024));
            assertThatThrownBy(() -> WorkerFrames.readAnswer(pair.service(), 16 * 1024 * 1024))
                    .isInstanceOf(WorkerFrames.Malformed.class).hasMessageContaining("larger than");
        }
        try (Pair pair = pair()) {
            pair.worker().write(ByteBuffer.allocate(5).put(0, (byte) 7).putInt(1, 2));
            assertThatThrownBy(() -> WorkerFrames.readAnswer(pair.service(), 1024))
                    .isInstanceOf(WorkerFrames.Malformed.class).hasMessageContaining("unknown outcome");
        }
        try (Pair pair = pair()) {
            pair.worker().write(ByteBuffer.wrap(new byte[] {2, 0, 0, 0, 5, 'o', 'o', 'p', 's', '!'}));
            WorkerFrames.Answer raised = WorkerFrames.readAnswer(pair.service(), 1024);
            assertThat(raised.outcome()).isEqualTo(WorkerFrames.Outcome.RAISED);
            assertThat(new String(raised.payload(), StandardCharsets.UTF_8)).isEqualTo("oops!");
        }
    }

    /** Two connected channels, as scoring-service and a worker would have. */
    record Pair(SocketChannel service, SocketChannel worker) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            service.close();
            worker.close();
        }
    }

    private static Pair pair() throws IOException {
        java.nio.file.Path socket = java.nio.file.Files.createTempDirectory("frames").resolve("s.sock");
        try (var listener = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(java.net.UnixDomainSocketAddress.of(socket));
            SocketChannel client = SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket));
            return new Pair(listener.accept(), client);
        }
    }
}
