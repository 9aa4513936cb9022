package io.aegisml.edge.connections;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Asks for the next read of a kept-alive connection once each answer is over.
 *
 * <p>Why: Reactor Netty 1.3.6 reads connections on demand. A request that arrives while the previous
 * answer is still finishing (a proxied answer, or health, finishes on another thread) is queued; if
 * that queued request is then answered within the same turn of the event loop (a 401 or 404 the edge
 * writes itself), the queue drains without asking for another read, and the client's next request is
 * never read: it waits for its own timeout (reactor-netty issue 4361, first seen here as CI's 30 s
 * timeout in the edge's tests). The fix is not in any release Maven Central serves here (1.3.8 is the
 * newest). This handler sits behind Reactor Netty's traffic handler and, when it hears that an
 * answer's operations have terminated, asks for one more read on a later turn — after the traffic
 * handler's own draining, which it schedules first. A read asked for twice is one read; data read early
 * is queued by the traffic handler as it is today. Remove this when a release with the fix resolves:
 * {@code KeepAliveTest} shows whether it is still needed.
 */
@Configuration(proxyBeanMethods = false)
class ReadAfterEachAnswer {

    /** Reactor Netty's own event, package-private in 1.3.x: known by name. */
    static final String ANSWER_TERMINATED = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";

    @Bean
    NettyServerCustomizer readAfterEachAnswerCustomizer() {
        ChannelHandler handler = new ReadRequester();
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpTrafficHandler, "aegisReadAfterEachAnswer", handler);
            }
        });
    }

    @ChannelHandler.Sharable
    static final class ReadRequester extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event.getClass().getName().equals(ANSWER_TERMINATED) && ctx.channel().isActive()) {
                ctx.executor().execute(() -> {
                    if (ctx.channel().isActive()) {
                        ctx.read();
                    }
                });
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
