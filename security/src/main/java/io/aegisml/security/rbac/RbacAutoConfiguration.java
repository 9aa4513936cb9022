package io.aegisml.security.rbac;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Role-based access for every servlet service: the access view fed by Kafka, the checks, the filter.
 * A service declares its operations as an {@link OperationMap} bean; without one, every request is
 * refused (404), which is the point of deny by default.
 */
@AutoConfiguration(before = io.aegisml.security.web.ServletSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "aegis.security.rbac.enabled", havingValue = "true", matchIfMissing = true)
public class RbacAutoConfiguration {

    @Bean
    AccessView accessView(@Value("${aegis.security.rbac.bootstrap-servers:${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}}")
                          String bootstrapServers) {
        return new AccessView(bootstrapServers);
    }

    @Bean
    AccessDenials accessDenials(@Value("${aegis.security.rbac.bootstrap-servers:${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}}")
                                String bootstrapServers, @Value("${spring.application.name:service}") String source) {
        return new AccessDenials(bootstrapServers, source);
    }

    @Bean
    AccessChecks accessChecks(AccessView view, AccessDenials denials) {
        return new AccessChecks(view, denials);
    }

    @Bean
    @ConditionalOnMissingBean
    OperationMap operationMap() {
        return OperationMap.none();
    }

    @Bean
    RbacFilter rbacFilter(OperationMap operations, AccessChecks checks) {
        return new RbacFilter(operations, checks);
    }

    /** Only inside Spring Security's chain, where the caller is known; not as a plain servlet filter. */
    @Bean
    FilterRegistrationBean<RbacFilter> rbacFilterRegistration(RbacFilter filter) {
        FilterRegistrationBean<RbacFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(
            name = "org.springframework.boot.health.contributor.HealthIndicator")
    AccessViewHealthIndicator accessViewHealthIndicator(AccessView view) {
        return new AccessViewHealthIndicator(view);
    }
}
