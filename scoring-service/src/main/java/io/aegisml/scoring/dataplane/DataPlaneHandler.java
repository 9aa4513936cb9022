package io.aegisml.scoring.dataplane;

import io.aegisml.scoring.api.ScoreAnswer;
import io.aegisml.scoring.api.ScoreCall;
import io.aegisml.scoring.api.ScoringService;
import io.aegisml.security.web.CanonicalPathFilter;
import io.aegisml.security.web.RequestIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * One connection's requests, one at a time (HTTP/1.1 keep-alive; no pipelining). The connection stops reading
 * when a request's headers arrive; a worker runs the scoring logic, which authenticates from the headers and
 * only then asks for the body, which switches reading back on. A caller that fails authentication is answered
 * without its body ever being read (and the connection closed, the rest of the body unread).
 */
final class DataPlaneHandler extends ChannelInboundHandlerAdapter {

    private static final Pattern SCORE = Pattern.compile("/endpoints/([^/]+)/score");
    private static final Pattern INFER = Pattern.compile("/endpoints/([^/]+)/v2/models/([^/]+)/infer");
    private static final Pattern MODEL = Pattern.compile("/endpoints/([^/]+)/v2/models/([^/]+)");
    private static final long BODY_WAIT_SECONDS = 30;
    private static final io.netty.handler.codec.http.HttpHeadersFactory UNVALIDATED =
            io.netty.handler.codec.http.DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final ScoringService scoring;
    private final Executor workers;
    private final int maxBodyBytes;
    private PendingBody body;
    /** A request is being served; HTTP/1.1 pipelining (a second request before the first answer) is not supported. */
    private volatile boolean inFlight;
    /** After an answer given before the body was read: what still arrives of it is dropped, then the connection closes. */
    private boolean draining;
    private static final long DRAIN_SECONDS = 10;

    private final boolean privateNetwork;

    DataPlaneHandler(ScoringService scoring, Executor workers, int maxBodyBytes, boolean privateNetwork) {
        this.privateNetwork = privateNetwork;
        this.scoring = scoring;
        this.workers = workers;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (draining) {
                // Answered already (401, 413): the rest of the body is read and dropped, so that the caller, still
                // sending, gets the answer instead of a reset; the connection closes at its end.
                if (msg instanceof LastHttpContent) {
                    ctx.close();
                }
                return;
            }
            if (msg instanceof HttpRequest request) {
                begin(ctx, request);
            }
            if (msg instanceof HttpContent content && body != null) {
                body.append(content.content());
                if (content instanceof LastHttpContent) {
                    body.finish();
                }
            }
        } finally {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest request) {
        if (inFlight) {
            ctx.close(); // pipelined: answers could not be kept in order with the body protocol above
            return;
        }
        inFlight = true;
        String requestId = acceptable(request.headers().get(RequestIds.REQUEST_ID), UUID.randomUUID().toString());
        String clientRequestId = request.headers().get(RequestIds.CLIENT_REQUEST_ID);
        String echoed = RequestIds.isAcceptable(clientRequestId) ? clientRequestId : null;
        long declared;
        try {
            declared = request.decoderResult().isSuccess() ? HttpUtil.getContentLength(request, -1L) : -2;
        } catch (NumberFormatException badLength) {
            declared = -2;
        }
        if (declared == -2) {
            // Not HTTP we can read (a broken request line, headers or Content-Length): answer, then close.
            body = new PendingBody(ctx, 0, 1);
            new Answered(ctx, () -> inFlight = false, this::drain, requestId, echoed, false)
                    .send(ScoringService.refusal(HttpStatus.BAD_REQUEST, "The request is not valid HTTP/1.1."), body);
            return;
        }
        Answered answered = new Answered(ctx, () -> inFlight = false, this::drain, requestId, echoed,
                HttpUtil.isKeepAlive(request));
        body = new PendingBody(ctx, declared, maxBodyBytes + 1);
        String path = CanonicalPathFilter.canonical(new QueryStringDecoder(request.uri()).rawPath());
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET) && path.equals("/health/live")) {
            answered.send(status(200, "UP"), body);
            return;
        }
        if (method.equals(HttpMethod.GET) && path.equals("/health/ready")) {
            answered.send(scoring.ready() ? status(200, "UP") : status(503, "STARTING"), body);
            return;
        }
        String correlationId = acceptable(request.headers().get(RequestIds.CORRELATION_ID), requestId);
        // The caller is the socket's peer: nothing stands in front of the data plane, so no header is believed
        // (an X-Forwarded-For would let a caller pick an allowed network or another client's failure count).
        ScoreCall call = new ScoreCall(method.name(), path, name -> request.headers().get(name),
                ctx.channel().remoteAddress() instanceof InetSocketAddress peer ? peer.getAddress().getHostAddress() : "",
                requestId,
                correlationId, body, privateNetwork);
        Matcher score = SCORE.matcher(path);
        Matcher infer = INFER.matcher(path);
        Matcher model = MODEL.matcher(path);
        Runnable work;
        if (method.equals(HttpMethod.POST) && score.matches()) {
            work = () -> answered.send(scoring.score(ScoringService.Protocol.AZURE, score.group(1), null, call), body);
        } else if (method.equals(HttpMethod.POST) && infer.matches()) {
            work = () -> answered.send(scoring.score(ScoringService.Protocol.V2, infer.group(1), infer.group(2), call), body);
        } else if (method.equals(HttpMethod.GET) && model.matches()) {
            work = () -> answered.send(scoring.metadata(model.group(1), model.group(2), call), body);
        } else {
            answered.send(ScoringService.refusal(HttpStatus.NOT_FOUND, "No operation " + method + " " + path + "."), body);
            return;
        }
        // Nothing more is read from this connection until the scoring logic asks for the body (after authentication).
        ctx.channel().config().setAutoRead(false);
        try {
            workers.execute(() -> {
                // The ids in every log line and error body of this request, as the servlet filter does for MVC.
                org.slf4j.MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
                org.slf4j.MDC.put(RequestIds.MDC_CORRELATION_ID, correlationId);
                try {
                    work.run();
                } catch (RuntimeException e) {
                    answered.send(ScoringService.refusal(HttpStatus.INTERNAL_SERVER_ERROR,
                            "The request failed inside the scoring service; request id " + requestId + "."), body);
                } finally {
                    org.slf4j.MDC.remove(RequestIds.MDC_REQUEST_ID);
                    org.slf4j.MDC.remove(RequestIds.MDC_CORRELATION_ID);
                }
            });
        } catch (RejectedExecutionException busy) {
            answered.send(ScoringService.refusal(HttpStatus.TOO_MANY_REQUESTS,
                    "The scoring service is at capacity; retry shortly.").withRetryAfter(1), body);
        }
    }

    private static ScoreAnswer status(int status, String state) {
        return new ScoreAnswer(status, Map.of("Content-Type", "application/json"),
                ("{\"status\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String acceptable(String id, String otherwise) {
        return RequestIds.isAcceptable(id) ? id : otherwise;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or malformed connection: nothing to answer
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) {
            body.abandon();
        }
        ctx.fireChannelInactive();
    }

    /** Writes one answer on the connection's event loop; keeps the connection only if its body was read whole. */
    /** On the event loop: drop the rest of the body for a while, then close (the client reads its answer meanwhile). */
    private void drain(ChannelHandlerContext ctx) {
        draining = true;
        ctx.channel().config().setAutoRead(true);
        ctx.executor().schedule(() -> {
            ctx.close();
        }, DRAIN_SECONDS, TimeUnit.SECONDS);
    }

    private record Answered(ChannelHandlerContext ctx, Runnable done, java.util.function.Consumer<ChannelHandlerContext> drain,
                            String requestId, String clientRequestId, boolean keepAlive) {
        void send(ScoreAnswer answer, PendingBody body) {
            ctx.executor().execute(() -> {
                done.run();
                // Our own header names and values: Netty's per-character validation is for what callers send.
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()),
                        UNVALIDATED, UNVALIDATED);
                answer.headers().forEach((name, value) -> response.headers().set(name, value));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
                response.headers().set(RequestIds.REQUEST_ID, requestId);
                if (clientRequestId != null) {
                    response.headers().set(RequestIds.CLIENT_REQUEST_ID, clientRequestId);
                }
                boolean keep = keepAlive && body.whole();
                HttpUtil.setKeepAlive(response, keep);
                var written = ctx.writeAndFlush(response);
                if (keep) {
                    ctx.channel().config().setAutoRead(true);
                } else if (!body.whole()) {
                    drain.accept(ctx);
                } else {
                    written.addListener(ChannelFutureListener.CLOSE);
                }
            });
        }
    }

    /** The body of the request being served, gathered on the event loop, handed to the worker that asks for it. */
    private static final class PendingBody implements ScoreCall.Body {
        private final ChannelHandlerContext ctx;
        private final long declared;
        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> complete = new CompletableFuture<>();
        private volatile boolean whole;

        PendingBody(ChannelHandlerContext ctx, long declared, int cap) {
            this.ctx = ctx;
            this.declared = declared;
            this.cap = cap;
            if (declared == 0) {
                whole = true;
                complete.complete(new byte[0]);
            }
        }

        void append(ByteBuf content) {
            int room = cap - bytes.size();
            if (room > 0 && content.isReadable()) {
                byte[] chunk = new byte[Math.min(room, content.readableBytes())];
                content.readBytes(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() >= cap) {
                complete.complete(bytes.toByteArray()); // too large: the logic answers 413, the rest is never read
            }
        }

        void finish() {
            whole = true;
            complete.complete(bytes.toByteArray());
        }

        void abandon() {
            complete.completeExceptionally(new IOException("the connection closed before the body ended"));
        }

        /** True once the body was read to its end (only then can the connection serve another request). */
        boolean whole() {
            return whole;
        }

        @Override
        public long declaredLength() {
            return declared;
        }

        @Override
        public byte[] read(int max) throws IOException {
            // A small body usually came in the same read as the head and is complete already: then no trip to the
            // event loop (two thread wake-ups per request); else the connection is read again for the rest.
            if (!complete.isDone()) {
                ctx.channel().eventLoop().execute(() -> {
                    ctx.channel().config().setAutoRead(true);
                    ctx.read();
                });
            }
            try {
                byte[] read = complete.get(BODY_WAIT_SECONDS, TimeUnit.SECONDS);
                return read.length > max ? Arrays.copyOf(read, max) : read;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the body", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the body did not arrive", e);
            }
        }
    }
}
