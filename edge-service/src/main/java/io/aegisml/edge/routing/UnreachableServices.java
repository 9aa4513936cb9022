package io.aegisml.edge.routing;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A service that is down or still starting is a 503 (retry later), not the 500 the gateway would
 * answer: clients and the CLI retry 503 and give up on 500.
 */
@Component
class UnreachableServices implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).onErrorMap(UnreachableServices::isUnreachable,
                e -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "The service behind this path is unavailable; retry later.", e));
    }

    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ConnectTimeoutException
                    || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        // Outermost of the gateway's filters, so it sees the routing filter's connection errors.
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
