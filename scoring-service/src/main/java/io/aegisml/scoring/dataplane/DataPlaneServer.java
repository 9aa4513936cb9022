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
import java.net.InetSocketAddress;
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
    private EventLoopGroup loops;
    private Channel channel;
    private Channel privateChannel;

    DataPlaneServer(ScoringService scoring,
                    @Value("${aegis.scoring.data-plane.address:127.0.0.1}") String address,
                    @Value("${aegis.scoring.data-plane.port:8090}") int port,
                    @Value("${aegis.scoring.max-body-bytes:16777216}") int maxBodyBytes,
                    @Value("${aegis.scoring.data-plane.workers:0}") int workers,
                    @Value("${aegis.scoring.data-plane.private-address:127.0.0.1}") String privateAddress,
                    @Value("${aegis.scoring.data-plane.private-port:0}") int privatePort) {
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
        loops = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                NioIoHandler.newFactory());
        channel = bind(address, port, false);
        log.info("Data plane listening on http://{}:{}", address, port);
        if (privatePort > 0) {
            privateChannel = bind(privateAddress, privatePort, true);
            log.info("Data plane's private listener on http://{}:{}", privateAddress, privatePort);
        }
    }

    /** A listener; {@code privateNetwork}: the one standing for a private endpoint (it serves closed endpoints too). */
    private Channel bind(String host, int onPort, boolean privateNetwork) {
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
                        ch.pipeline().addLast(new HttpServerCodec(4096, 16 * 1024, 64 * 1024),
                                new DataPlaneHandler(scoring, workers, maxBodyBytes, privateNetwork));
                    }
                });
        return bootstrap.bind(new InetSocketAddress(host, onPort)).syncUninterruptibly().channel();
    }

    @Override
    public void stop() {
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
