package io.aegisml.identity.keycloak;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One admin client for the realm, authenticated with identity-service's own client credentials. */
@Configuration
@EnableConfigurationProperties(KeycloakProperties.class)
class KeycloakAdmin {

    @Bean(destroyMethod = "close")
    Keycloak keycloak(KeycloakProperties properties) {
        return KeycloakBuilder.builder().serverUrl(properties.url()).realm(properties.realm())
                .grantType("client_credentials").clientId(properties.clientId())
                .clientSecret(properties.clientSecret()).build();
    }
}
