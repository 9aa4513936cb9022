package io.aegisml.security.web;

import io.aegisml.security.rbac.Scopes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the one case rule ({@link Scopes#canonical}) to the request's path before security, routing and
 * handlers see it: {@code /subscriptions/Contoso/...} and {@code /subscriptions/contoso/...} are the same
 * resource in role checks, in the database and in storage names, because nothing behind this filter ever
 * sees the first spelling. On the data plane ({@code /endpoints/...}) every segment is a name or a
 * lower-case keyword, so the whole path is lower-cased.
 */
public class CanonicalPathFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        String canonical = canonical(uri);
        if (canonical.equals(uri)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return canonical;
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = new StringBuffer(request.getRequestURL());
                url.setLength(url.length() - uri.length());
                return url.append(canonical);
            }

            @Override
            public String getServletPath() {
                return canonical(super.getServletPath());
            }
        }, response);
    }

    static String canonical(String path) {
        if (path.startsWith("/endpoints/")) {
            return path.toLowerCase(Locale.ROOT);
        }
        return Scopes.canonical(path);
    }
}
