package io.aegisml.edge.limits;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;

/**
 * A request whose body fails with 413 once it passes the limit. Needed for chunked bodies, which
 * declare no length; the body still streams to the service, it is never buffered whole.
 */
class BoundedBody extends ServerHttpRequestDecorator {

    private final long limit;

    BoundedBody(ServerHttpRequest request, long limit) {
        super(request);
        this.limit = limit;
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, tooLargeMessage(limit)));
                } else {
                    sink.next(buffer);
                }
            });
        });
    }

    static String tooLargeMessage(long limit) {
        return "The request body is larger than the limit of " + limit + " bytes.";
    }
}
