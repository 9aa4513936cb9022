package io.aegisml.scoring.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The listener's own answers, with Netty's codec in front of the handler and no network. */
class DataPlaneHandlerTest {

    /**
     * Overload is shed, not queued: when the worker pool and its queue are full, a score request gets 429 with
     * Retry-After and a JSON body at once, before anything is read of its body or handed to the scoring logic
     * (which is absent here: reaching it would fail the test).
     */
    @Test
    void aFullWorkerPoolIsA429WithRetryAfter() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(),
                new DataPlaneHandler(null, work -> { throw new RejectedExecutionException("full"); }, 1024, false));
        channel.writeInbound(ascii("POST /endpoints/e/score HTTP/1.1\r\nHost: x\r\nx-ms-client-request-id: c-1\r\n"
                + "Content-Length: 2\r\n\r\n{}"));
        String answer = readAll(channel);
        assertThat(answer).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after: 1")
                .containsIgnoringCase("x-ms-client-request-id: c-1").contains("\"error\"", "capacity");
        channel.finishAndReleaseAll();
    }

    @Test
    void anUnknownRouteIsAJson404WithoutTheScoringLogic() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(),
                new DataPlaneHandler(null, work -> { throw new AssertionError("no work expected"); }, 1024, false));
        channel.writeInbound(ascii("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(channel)).startsWith("HTTP/1.1 404").contains("\"error\"");
        channel.finishAndReleaseAll();
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private static String readAll(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder text = new StringBuilder();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf buffer = (ByteBuf) out;
            text.append(buffer.toString(StandardCharsets.US_ASCII));
            buffer.release();
        }
        return text.toString();
    }
}
