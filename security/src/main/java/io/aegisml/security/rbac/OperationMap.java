package io.aegisml.security.rbac;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A service's operations: for each request, the action it needs and the scope it acts on. A request
 * that matches nothing is not an operation of the service and is answered 404 before any handler
 * runs: deny by default. Operations whose permission depends on the body (granting a role) are marked
 * {@link Required#HANDLER}: their handler checks with {@link AccessChecks}.
 */
public final class OperationMap {

    /** What a request needs. {@code action == null} means its handler checks. */
    public record Required(String action, String scope) {
        public static final Required HANDLER = new Required(null, null);

        public boolean checkedByHandler() {
            return action == null;
        }
    }

    private record Entry(String method, Predicate<String> path, Function<HttpServletRequest, Required> required) {
    }

    private final List<Entry> entries;

    private OperationMap(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static OperationMap none() {
        return builder().build();
    }

    public Optional<Required> required(HttpServletRequest request) {
        String path = request.getRequestURI();
        return entries.stream()
                .filter(e -> e.method().equalsIgnoreCase(request.getMethod()) && e.path().test(path))
                .findFirst().map(e -> e.required().apply(request));
    }

    /** The resource id a path names: the path without {@code /api}. */
    public static String resourceOf(String path) {
        return path.startsWith("/api/") ? path.substring(4) : path;
    }

    /** The resource id of a collection's parent: {@code /api/.../workspaces} → {@code /...} (the group). */
    public static String parentOf(String path) {
        String resource = resourceOf(path);
        int slash = resource.lastIndexOf('/');
        return slash <= 0 ? Scopes.ROOT : resource.substring(0, slash);
    }

    public static final class Builder {
        private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
        private final List<Entry> entries = new ArrayList<>();

        /** The request's own resource is the scope (one resource: GET/PUT/DELETE). */
        public Builder resource(String method, String pattern, String action) {
            return add(method, pattern, r -> new Required(action, resourceOf(r.getRequestURI())));
        }

        /** The collection's parent is the scope (list, create-by-POST). */
        public Builder collection(String method, String pattern, String action) {
            return add(method, pattern, r -> new Required(action, parentOf(r.getRequestURI())));
        }

        /**
         * The scope is a query parameter: the root scope if absent or not a valid scope (then only those
         * allowed everywhere get as far as the handler's 400).
         */
        public Builder scopeParameter(String method, String pattern, String action, String parameter) {
            return add(method, pattern, r -> {
                String scope = r.getParameter(parameter);
                return new Required(action, scope == null || !Scopes.isValid(scope) ? Scopes.ROOT : scope);
            });
        }

        /** Tenant-wide resources (service principals): the scope is the root. */
        public Builder rootScope(String method, String pattern, String action) {
            return add(method, pattern, r -> new Required(action, Scopes.ROOT));
        }

        /** The handler checks, knowing what the body asks for. */
        public Builder handlerChecks(String method, Predicate<String> path) {
            entries.add(new Entry(method, path, r -> Required.HANDLER));
            return this;
        }

        private Builder add(String method, String pattern, Function<HttpServletRequest, Required> required) {
            PathPattern parsed = PARSER.parse(pattern);
            entries.add(new Entry(method, p -> parsed.matches(PathContainer.parsePath(p)), required));
            return this;
        }

        /** Every service's metrics are the platform's: readable with {@link Actions#PLATFORM_METRICS_READ} at the root. */
        public OperationMap build() {
            rootScope("GET", "/actuator/prometheus", Actions.PLATFORM_METRICS_READ);
            return new OperationMap(entries);
        }
    }
}
