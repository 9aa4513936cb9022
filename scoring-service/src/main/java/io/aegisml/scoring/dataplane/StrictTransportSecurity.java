package io.aegisml.scoring.dataplane;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * HSTS on every answer of a TLS listener: a browser or client that honours it never tries the address in clear
 * again for a year (and the listener would not answer there anyway).
 */
@ChannelHandler.Sharable
final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {

    static final StrictTransportSecurity INSTANCE = new StrictTransportSecurity();
    static final String VALUE = "max-age=31536000; includeSubDomains";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            response.headers().set("Strict-Transport-Security", VALUE);
        }
        super.write(ctx, msg, promise);
    }
}
