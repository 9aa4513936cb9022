package io.aegisml.events;

import static io.aegisml.events.ContractFiles.edit;
import static io.aegisml.events.ContractFiles.errors;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** scoring-service's record of a client stopped for failed key or token attempts: valid as published, broken ones refused. */
class AuthenticationLimitedContractTest {

    private static final String SCHEMA = "security/AuthenticationLimited.schema.json";
    private static final String ENDPOINT = "/subscriptions/contoso-ml/resourceGroups/rg1/workspaces/fraud-models/onlineEndpoints/scorer";

    @Test
    void aLimit_asPublished_isValid() {
        String json = EventJson.write(limited());

        assertThat(errors(SCHEMA, json)).isEmpty();
        assertThat(errors("envelope.schema.json", json)).isEmpty();
    }

    @Test
    void aLimitWithoutItsClientOrWithAnotherType_isRefused() {
        assertThat(errors(SCHEMA, edit(limited(), root -> ((ObjectNode) root.get("data")).remove("client")))).isNotEmpty();
        assertThat(errors(SCHEMA, edit(limited(), root -> ((ObjectNode) root.get("data")).put("failures", 0)))).isNotEmpty();
        assertThat(errors(SCHEMA, edit(limited(), root -> ((ObjectNode) root).put("type", "AccessDenied")))).isNotEmpty();
        assertThat(errors(SCHEMA, edit(limited(), root -> ((ObjectNode) root.get("data")).put("key", "guess")))).isNotEmpty();
    }

    /** As security's AccessDenials.authenticationLimited: subject = data.scope, actor = the platform. */
    private static EventEnvelope limited() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("scope", ENDPOINT);
        data.put("client", "203.0.113.7");
        data.put("failures", 30);
        data.put("windowSeconds", 60);
        return EventEnvelope.of("AuthenticationLimited", "scoring-service", ENDPOINT, "c0ffee00-1234-4abc-8def-0123456789ab",
                Actor.system("scoring-service"), data);
    }
}
