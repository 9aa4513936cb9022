package io.aegisml.edge.connections;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The edge speaks TLS only: its certificate chain and key are PEM files ({@code AEGIS_TLS_CERTIFICATE},
 * {@code AEGIS_TLS_PRIVATE_KEY}; {@code ./aegis up} makes them from its own CA), and Spring Security adds HSTS to
 * every answer given over TLS. Clear text only when asked for by name, for local use ({@code AEGIS_PLAINTEXT=true});
 * without a certificate and without that, the edge does not start, so it is never in clear text by mistake.
 */
@Configuration(proxyBeanMethods = false)
class EdgeTls {

    private static final Logger log = LoggerFactory.getLogger(EdgeTls.class);

    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> edgeTlsCustomizer(
            @Value("${aegis.edge.tls.certificate:}") String certificate,
            @Value("${aegis.edge.tls.private-key:}") String privateKey,
            @Value("${aegis.edge.plaintext:false}") boolean plaintext) {
        if (plaintext) {
            log.warn("The edge answers in clear text (aegis.edge.plaintext): for local use only");
            return factory -> { };
        }
        if (certificate.isBlank() || privateKey.isBlank()) {
            throw new IllegalStateException("The edge needs a TLS certificate and key (PEM): set AEGIS_TLS_CERTIFICATE and "
                    + "AEGIS_TLS_PRIVATE_KEY, or AEGIS_PLAINTEXT=true to answer in clear text (local use only)");
        }
        for (String file : new String[] {certificate, privateKey}) {
            if (!Files.isReadable(Path.of(file))) {
                throw new IllegalStateException("The edge cannot read its TLS file " + file);
            }
        }
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setCertificate("file:" + certificate);
        ssl.setCertificatePrivateKey("file:" + privateKey);
        return factory -> factory.setSsl(ssl);
    }
}
