package io.aegisml.scoring.dataplane;

import io.aegisml.scoring.api.ScoringService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The data plane's listener ({@code aegis.scoring.data-plane.port}). Netty's event loops parse HTTP and write
 * answers; the scoring itself (authentication, a model run) happens on a bounded pool of workers, so that a
 * slow model never stalls the loops. When every worker is busy and the queue is full, the request is shed
 * at once with 429 and {@code Retry-After}, never queued without end.
 *
 * <p>Both listeners speak TLS only ({@code AEGIS_TLS_CERTIFICATE}, {@code AEGIS_TLS_PRIVATE_KEY}, PEM), with HSTS on
 * every answer; a request in clear is never answered. Clear text only when asked for by name, for local use
 * ({@code AEGIS_PLAINTEXT=true}); without a certificate and without that, the service does not start.
 */
@Component
class DataPlaneServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DataPlaneServer.class);

    private final ScoringService scoring;
    private final String address;
    private final int port;
    private final int maxBodyBytes;
    private final ThreadPoolExecutor workers;
    private final String privateAddress;
    private final int privatePort;
    private final SslContext tls;
    private EventLoopGroup loops;
    private Channel channel;
    private Channel privateChannel;
    /** An extra clear-text listener beside the TLS one, only when asked for by port (local use: benchmarks). */
    private final int plaintextPort;
    private Channel plaintextChannel;

    DataPlaneServer(ScoringService scoring,
                    @Value("${aegis.scoring.data-plane.address:127.0.0.1}") String address,
                    @Value("${aegis.scoring.data-plane.port:8090}") int port,
                    @Value("${aegis.scoring.max-body-bytes:16777216}") int maxBodyBytes,
                    @Value("${aegis.scoring.data-plane.workers:0}") int workers,
                    @Value("${aegis.scoring.data-plane.private-address:127.0.0.1}") String privateAddress,
                    @Value("${aegis.scoring.data-plane.private-port:0}") int privatePort,
                    @Value("${aegis.scoring.data-plane.tls.certificate:}") String certificate,
                    @Value("${aegis.scoring.data-plane.tls.private-key:}") String privateKey,
                    @Value("${aegis.scoring.data-plane.plaintext:false}") boolean plaintext,
                    @Value("${aegis.scoring.data-plane.plaintext-port:0}") int plaintextPort) {
        this.plaintextPort = plaintextPort;
        this.tls = port > 0 ? serverContext(certificate, privateKey, plaintext) : null;
        this.privateAddress = privateAddress;
        this.privatePort = privatePort;
        this.scoring = scoring;
        this.address = address;
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
        int threads = workers > 0 ? workers : Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4 * threads),
                runnable -> {
                    Thread thread = new Thread(runnable, "data-plane-worker");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void start() {
        if (port <= 0) {
            log.info("The data plane's own listener is off (aegis.scoring.data-plane.port={})", port);
            return;
        }
        warmUpListenerPath();
        loops = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                NioIoHandler.newFactory());
        channel = bind(address, port, false, tls);
        String scheme = tls == null ? "http" : "https";
        log.info("Data plane listening on {}://{}:{}", scheme, address, port);
        if (privatePort > 0) {
            privateChannel = bind(privateAddress, privatePort, true, tls);
            log.info("Data plane's private listener on {}://{}:{}", scheme, privateAddress, privatePort);
        }
        if (plaintextPort > 0 && tls != null) {
            // Loopback whatever the public address is: keys never cross a network in clear text.
            plaintextChannel = bind("127.0.0.1", plaintextPort, false, null);
            log.warn("Data plane also listening in clear text on http://127.0.0.1:{} (aegis.scoring.data-plane.plaintext-port): "
                    + "for local use only", plaintextPort);
        }
    }

    /**
     * The listener's own code (HTTP codec, request handling, refusals as JSON) compiled by the JIT before it binds:
     * synthetic requests for an endpoint that cannot exist, answered 404/503 in memory, never over a socket and
     * never counted (no endpoint, no telemetry). The deployments' scoring path is warmed as each one loads.
     */
    private void warmUpListenerPath() {
        long started = System.nanoTime();
        int done = 0;
        byte[] request = ("POST /endpoints/aegis-warm-up-" + java.util.UUID.randomUUID() + "/score HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            while (done < 20_000 && System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(1500)) {
                // A connection of its own each time: an answer given before its body was read drains the connection.
                io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel(
                        new HttpServerCodec(4096, 16 * 1024, 64 * 1024),
                        new DataPlaneHandler(scoring, Runnable::run, maxBodyBytes, false));
                channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(request));
                channel.runPendingTasks();
                channel.finishAndReleaseAll();
                done++;
            }
        } catch (RuntimeException e) {
            log.warn("The listener's warm-up stopped after {} requests: {}", done, e.toString());
        }
        log.info("Listener path warmed up: {} requests in {} ms", done, (System.nanoTime() - started) / 1_000_000);
    }

    /** The listeners' TLS context (OpenSSL's engine if Netty finds one, else the JDK's), or none in clear text. */
    private static SslContext serverContext(String certificate, String privateKey, boolean plaintext) {
        if (plaintext) {
            log.warn("The data plane answers in clear text (aegis.scoring.data-plane.plaintext): for local use only");
            return null;
        }
        if (certificate.isBlank() || privateKey.isBlank()) {
            throw new IllegalStateException("The data plane needs a TLS certificate and key (PEM): set AEGIS_TLS_CERTIFICATE "
                    + "and AEGIS_TLS_PRIVATE_KEY, or AEGIS_PLAINTEXT=true to answer in clear text (local use only)");
        }
        try {
            return SslContextBuilder.forServer(new File(certificate), new File(privateKey)).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("The data plane cannot use the TLS certificate " + certificate + " and key "
                    + privateKey + ": " + e.getMessage(), e);
        }
    }

    /** A listener; {@code privateNetwork}: the one standing for a private endpoint (it serves closed endpoints too). */
    private Channel bind(String host, int onPort, boolean privateNetwork, SslContext tls) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Keep-alive is the handler's own decision (it may drain a body it answered early before closing).
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(4096, 16 * 1024, 64 * 1024));
                        if (tls != null) {
                            ch.pipeline().addLast(new StrictTransportSecurity());
                        }
                        ch.pipeline().addLast(new DataPlaneHandler(scoring, workers, maxBodyBytes, privateNetwork));
                    }
                });
        return bootstrap.bind(new InetSocketAddress(host, onPort)).syncUninterruptibly().channel();
    }

    @Override
    public void stop() {
        if (plaintextChannel != null) {
            plaintextChannel.close().syncUninterruptibly();
            plaintextChannel = null;
        }
        if (privateChannel != null) {
            privateChannel.close().syncUninterruptibly();
            privateChannel = null;
        }
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            loops = null;
        }
    }

    @Override
    public boolean isRunning() {
        return channel != null;
    }
}
