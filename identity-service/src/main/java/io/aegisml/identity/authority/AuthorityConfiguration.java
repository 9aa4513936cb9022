package io.aegisml.identity.authority;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(AuthorityProperties.class)
class AuthorityConfiguration {
}
