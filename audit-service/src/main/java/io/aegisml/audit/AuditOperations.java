package io.aegisml.audit;

import io.aegisml.security.rbac.Actions;
import io.aegisml.security.rbac.OperationMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * audit-service's operations: reading the activity log needs its read action at the scope asked for;
 * an endpoint's metrics need read access to that endpoint.
 */
@Configuration
class AuditOperations {

    @Bean
    OperationMap operationMap() {
        return OperationMap.builder()
                .scopeParameter("GET", "/api/activityLog", Actions.ACTIVITY_LOG_READ, "scope")
                .scopeParameter("GET", "/api/metrics", Actions.ENDPOINTS_READ, "endpoint")
                .build();
    }
}
