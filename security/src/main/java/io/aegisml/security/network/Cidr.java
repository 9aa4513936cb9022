package io.aegisml.security.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An address range in CIDR notation ({@code 10.1.0.0/16}, {@code 127.0.0.2/32}, {@code fd00::/8}); a bare address
 * is its own /32 or /128. Only literal addresses are accepted — never a host name, which would make parsing a DNS
 * lookup an attacker could steer.
 */
public record Cidr(byte[] network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");

    public Cidr {
        network = network.clone();
    }

    /** The range, or {@link IllegalArgumentException} with a message that names what is wrong. */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        // No scope (fe80::1%eth0): Java would look the interface up, telling a tenant which interfaces exist.
        byte[] bytes = trimmed.contains("%") ? null : literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (bytes == null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an IP address range in CIDR notation");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
            }
            prefix = Integer.parseInt(length);
        }
        return new Cidr(masked(bytes, prefix), prefix);
    }

    /** Whether {@code address} (a literal, as a socket reports it) lies in this range; never a DNS lookup. */
    public boolean contains(String address) {
        int scope = address == null ? -1 : address.indexOf('%');
        byte[] bytes = address == null ? null : literal(scope < 0 ? address : address.substring(0, scope));
        return bytes != null && bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
    }

    /**
     * The bytes of an IPv4 literal (four decimal parts, nothing else: not Java's legacy {@code 1.2}) or of an IPv6
     * literal (parsed in brackets, which makes Java refuse rather than look the text up as a host name); else null.
     */
    private static byte[] literal(String text) {
        if (text.contains(":")) {
            try {
                return InetAddress.getByName("[" + text + "]").getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        java.util.regex.Matcher parts = IPV4.matcher(text);
        if (!parts.matches()) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(parts.group(i + 1));
            if (part > 255) {
                return null;
            }
            bytes[i] = (byte) part;
        }
        return bytes;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** The canonical text: the network address (host bits cleared) and the prefix length. */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress().toLowerCase(Locale.ROOT) + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            result[i] &= (byte) (0xFF << (8 - keep));
        }
        return result;
    }
}
