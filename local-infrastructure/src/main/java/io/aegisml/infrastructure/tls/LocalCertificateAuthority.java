package io.aegisml.infrastructure.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local stack's own certificate authority, made on first start in {@code <data>/tls}: a CA (ten years) and a
 * server certificate it signs for {@code localhost}, the loopback addresses and any extra names asked for (a year;
 * made again when it nears its end or the names change). The CA's key never leaves that folder; the CA certificate
 * is what clients trust ({@code ./aegis} does by itself).
 *
 * <p>Users who have a certificate of their own give its PEM files instead ({@code AEGIS_TLS_CERTIFICATE},
 * {@code AEGIS_TLS_PRIVATE_KEY}); then nothing is generated.
 */
public final class LocalCertificateAuthority {

    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    static final Duration SERVER_LIFETIME = Duration.ofDays(397);
    /** A server certificate with less than this left is made again at the next start. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE = "SHA256withECDSA";

    private LocalCertificateAuthority() {
    }

    /**
     * The TLS files for a stack whose data folder is {@code dataDir}: the user's own if the environment names them,
     * else this folder's CA and server certificate, made now if missing, expiring or issued for other names.
     */
    public static TlsFiles ensure(Path dataDir, Collection<String> extraNames) {
        String certificate = System.getenv("AEGIS_TLS_CERTIFICATE");
        String key = System.getenv("AEGIS_TLS_PRIVATE_KEY");
        boolean certificateGiven = certificate != null && !certificate.isBlank();
        boolean keyGiven = key != null && !key.isBlank();
        if (certificateGiven != keyGiven) {
            throw new IllegalStateException("Set both AEGIS_TLS_CERTIFICATE and AEGIS_TLS_PRIVATE_KEY (PEM files), or neither "
                    + "(then ./aegis up makes its own)");
        }
        if (certificateGiven) {
            String ca = System.getenv("AEGIS_CA_BUNDLE");
            // Absolute: each service runs in a working directory of its own.
            return new TlsFiles(Path.of(certificate).toAbsolutePath(), Path.of(key).toAbsolutePath(),
                    ca == null || ca.isBlank() ? null : Path.of(ca).toAbsolutePath(), false);
        }
        return ensureIn(dataDir.resolve("tls"), extraNames);
    }

    /** The CA and server certificate in {@code folder}; synchronized: one stack, one CA, even if asked twice at once. */
    public static synchronized TlsFiles ensureIn(Path folder, Collection<String> extraNames) {
        Path caCertificate = folder.resolve("ca.crt");
        Path caKey = folder.resolve("ca.key");
        Path serverCertificate = folder.resolve("server.crt");
        Path serverKey = folder.resolve("server.key");
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        extraNames.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(names::add);
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            boolean caMadeNow = false;
            if (!Files.exists(caCertificate) || !Files.exists(caKey)) {
                KeyPair ca = newKeyPair();
                X500Principal subject = new X500Principal("CN=Aegis ML local CA " + Long.toHexString(RANDOM.nextLong()));
                X509Certificate certificate = sign(subject, ca.getPublic(), subject, ca.getPrivate(), ca.getPublic(),
                        CA_LIFETIME, true, Set.of());
                write(caKey, pem(ca.getPrivate()), true);
                write(caCertificate, pem(certificate), false);
                caMadeNow = true;
            }
            X509Certificate ca = Pem.certificates(caCertificate).get(0);
            if (caMadeNow || !Files.exists(serverCertificate) || !Files.exists(serverKey)
                    || needsNew(Pem.certificates(serverCertificate).get(0), ca, names)) {
                KeyPair server = newKeyPair();
                X509Certificate certificate = sign(new X500Principal("CN=localhost"), server.getPublic(),
                        ca.getSubjectX500Principal(), readKey(caKey), ca.getPublicKey(), SERVER_LIFETIME, false, names);
                write(serverKey, pem(server.getPrivate()), true);
                write(serverCertificate, pem(certificate), false);
            }
            return new TlsFiles(serverCertificate, serverKey, caCertificate, caMadeNow);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make or read the TLS certificates in " + folder, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the TLS certificates in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean needsNew(X509Certificate server, X509Certificate ca, Set<String> names)
            throws GeneralSecurityException {
        if (server.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            return true;
        }
        try {
            server.verify(ca.getPublicKey()); // the CA was replaced by hand
        } catch (GeneralSecurityException e) {
            return true;
        }
        Set<String> present = new LinkedHashSet<>();
        if (server.getSubjectAlternativeNames() != null) {
            for (List<?> entry : server.getSubjectAlternativeNames()) {
                present.add(canonicalName(String.valueOf(entry.get(1))));
            }
        }
        return !present.containsAll(names.stream().map(LocalCertificateAuthority::canonicalName).toList());
    }

    private static String canonicalName(String name) {
        if (isAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (IOException e) {
                return name;
            }
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** A literal IPv4 or IPv6 address (never resolved: a host name stays a DNS name). */
    private static boolean isAddress(String name) {
        return (name.matches("[0-9.]+") && name.chars().filter(c -> c == '.').count() == 3) || name.contains(":");
    }

    private static X509Certificate sign(X500Principal subject, PublicKey subjectKey, X500Principal issuer,
                                        PrivateKey issuerKey, PublicKey issuerPublicKey, Duration lifetime,
                                        boolean authority, Set<String> names)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(lifetime)), subject, subjectKey);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(issuerPublicKey));
        if (authority) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add(new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        }
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** P-256: small keys, fast handshakes, understood by every TLS client we meet (JDK, OpenSSL, wrk, curl, Python). */
    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            // A private key as PKCS#8 ("PRIVATE KEY"), the form Netty, Spring Boot and OpenSSL all read.
            writer.writeObject(object instanceof PrivateKey key ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY",
                    key.getEncoded()) : object);
        }
        return text.toString();
    }

    /** Written beside and moved into place: a stack stopped half-way never leaves half a file. */
    private static void write(Path file, String content, boolean secret) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        Files.writeString(partial, content, StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
