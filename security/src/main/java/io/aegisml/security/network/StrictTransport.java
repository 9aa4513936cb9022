package io.aegisml.security.network;

import java.util.Locale;

/**
 * The HSTS header a TLS front door sends: a year, for the host the caller named — but not for loopback names
 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}). Browsers apply HSTS to a host on every port, so a header
 * from {@code https://localhost:8080} would force HTTPS on every {@code http://localhost:*} for a year, Keycloak's
 * console at {@code http://localhost:8180} and other local tools included; a loopback connection cannot be
 * downgraded by anyone on a network anyway. No {@code includeSubDomains}: the front door does not speak for its
 * parent domain's other hosts.
 */
public final class StrictTransport {

    public static final String HEADER = "Strict-Transport-Security";
    public static final String VALUE = "max-age=31536000";

    private StrictTransport() {
    }

    /** The header's value for a request whose Host header is {@code host} (with or without a port), or null. */
    public static String forHost(String host) {
        if (host == null || host.isBlank()) {
            return VALUE;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            name = name.substring(1, Math.max(1, name.indexOf(']')));
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.contains(":")) {
            name = name.substring(0, name.indexOf(':')); // name:port (an IPv6 literal without brackets has several)
        }
        boolean loopback = name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        return loopback ? null : VALUE;
    }
}
