package io.aegisml.identity.managedidentity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;

/**
 * The SAS exchange and blob reads with a token are authenticated by a managed-identity token, which Spring Security's resource
 * server (Keycloak tokens) would refuse before the handler could check it: the path skips that chain,
 * and {@link StorageSasController} and {@link BlobReadController} check the token, and the role, themselves.
 */
@Configuration(proxyBeanMethods = false)
class SasExchangeSecurity {

    @Bean
    WebSecurityCustomizer sasExchangeChecksItsOwnToken() {
        return web -> web.ignoring().requestMatchers("/internal/storage/sas", BlobReadController.PATH + "/**");
    }
}
