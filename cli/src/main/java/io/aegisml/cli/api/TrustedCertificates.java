package io.aegisml.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which servers the CLI believes: the system's CAs, plus the PEM certificates of {@code AEGIS_CA_BUNDLE} (or the
 * {@code aegis.ca-bundle} property) — the local stack's own CA, which {@code ./aegis} names by itself (as Azure's CLI
 * takes {@code REQUESTS_CA_BUNDLE}). Never "trust everything": a bundle that cannot be read is an error.
 */
final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /** The bundle named now (null: the system's CAs only). */
    static String bundle() {
        return System.getProperty("aegis.ca-bundle", System.getenv("AEGIS_CA_BUNDLE"));
    }

    static SSLContext context() {
        String bundle = bundle();
        try {
            if (bundle == null || bundle.isBlank()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            int n = 0;
            for (TrustManager manager : system.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("system-" + n++, ca);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(Path.of(bundle))) {
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("bundle-" + n++, ca);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new CliError(1, "cannot read the CA bundle " + bundle + " (AEGIS_CA_BUNDLE): " + e.getMessage());
        }
    }
}
