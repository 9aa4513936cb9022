package io.aegisml.audit.activity;

import io.aegisml.security.rbac.Actions;
import io.aegisml.security.rbac.OperationMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** audit-service's operations: reading the activity log needs its read action at the scope asked for. */
@Configuration
class ActivityOperations {

    @Bean
    OperationMap operationMap() {
        return OperationMap.builder()
                .scopeParameter("GET", "/api/activityLog", Actions.ACTIVITY_LOG_READ, "scope")
                .build();
    }
}
