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

    public static String canonical(String path) {
        String plain = decodeUnreserved(path);
        if (plain.startsWith("/endpoints/")) {
            return plain.toLowerCase(Locale.ROOT);
        }
        return Scopes.canonical(plain);
    }

    /**
     * {@code %46raud} is {@code Fraud} (RFC 3986: escaped letters, digits and {@code -._~} are the characters
     * themselves): decoded first, or an escaped capital would pass the lower-casing and be decoded by routing.
     * Other escapes stay as they are, for the firewall to judge.
     */
    static String decodeUnreserved(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int value = Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16);
                if (value >= 0 && isUnreserved((char) value)) {
                    out.append((char) value);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~');
    }
}
