package io.aegisml.edge.limits;

import io.aegisml.edge.errors.ApiErrors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared Content-Length over the limit before reading a byte (and before the token
 * check, which costs more), and bounds bodies of unknown length while they stream.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@EnableConfigurationProperties(BodyLimits.class)
class BodyLimitFilter implements WebFilter {

    private final BodyLimits limits;

    BodyLimitFilter(BodyLimits limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long limit = limits.forPath(exchange.getRequest().getPath().value());
        if (exchange.getRequest().getHeaders().getContentLength() > limit) {
            return ApiErrors.write(exchange, HttpStatus.CONTENT_TOO_LARGE, BoundedBody.tooLargeMessage(limit));
        }
        return chain.filter(exchange.mutate().request(new BoundedBody(exchange.getRequest(), limit)).build());
    }
}
