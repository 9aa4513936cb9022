package io.aegisml.scoring.dataplane;

import io.aegisml.security.network.StrictTransport;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * HSTS on every answer of a TLS listener, for the host the request named ({@link StrictTransport}: a year, none for
 * loopback names). One per connection: it remembers the Host of the request being answered.
 */
final class StrictTransportSecurity extends ChannelDuplexHandler {

    private String host;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            host = request.headers().get(HttpHeaderNames.HOST);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            String value = StrictTransport.forHost(host);
            if (value != null) {
                response.headers().set(StrictTransport.HEADER, value);
            }
        }
        super.write(ctx, msg, promise);
    }
}
