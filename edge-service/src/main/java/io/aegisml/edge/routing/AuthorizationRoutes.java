package io.aegisml.edge.routing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Role assignments and definitions live under any scope, down to an endpoint or a deployment
 * ({@code .../onlineEndpoints/e/providers/Aegis.Authorization/roleAssignments/x}), so they cannot be a
 * path pattern in application.yml: this route goes to identity-service before the deployment route.
 * The same holds for an endpoint's system-assigned identity ({@code .../providers/Aegis.ManagedIdentity/...})
 * and for an aml_token endpoint's tokens ({@code POST .../onlineEndpoints/{e}/token}), which identity-service signs.
 */
@Configuration
class AuthorizationRoutes {

    static final String PROVIDER = "/providers/Aegis.Authorization/";
    static final String IDENTITY_PROVIDER = "/providers/Aegis.ManagedIdentity/";
    static final java.util.regex.Pattern ENDPOINT_TOKEN = java.util.regex.Pattern.compile(
            "/api/subscriptions/[^/]+/resourceGroups/[^/]+/workspaces/[^/]+/onlineEndpoints/[^/]+/token");

    @Bean
    RouteLocator authorizationRoute(RouteLocatorBuilder routes,
                                     @Value("${AEGIS_IDENTITY_URL:http://localhost:8081}") String identity) {
        return routes.routes()
                .route("authorization", r -> r.order(-1)
                        .predicate(exchange -> {
                            String path = exchange.getRequest().getPath().value();
                            return path.startsWith("/api/") && (path.contains(PROVIDER) || path.contains(IDENTITY_PROVIDER)
                                    || ENDPOINT_TOKEN.matcher(path).matches());
                        })
                        .uri(identity))
                .build();
    }
}
