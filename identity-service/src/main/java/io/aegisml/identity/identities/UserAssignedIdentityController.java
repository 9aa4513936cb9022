package io.aegisml.identity.identities;

import io.aegisml.identity.IdentityEvents;
import io.aegisml.security.web.ResourceNames;
import io.aegisml.identity.access.AccessGrants;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/subscriptions/{sub}/resourceGroups/{rg}/userAssignedIdentities[/{name}]}, like {@code az identity}. */
@RestController
@RequestMapping("/api/subscriptions/{sub}/resourceGroups/{rg}/userAssignedIdentities")
class UserAssignedIdentityController {

    private final UserAssignedIdentities identities;
    private final IdentityEvents events;
    private final AccessGrants grants;
    private final TransactionTemplate transaction;
    private final String tenantId;

    UserAssignedIdentityController(UserAssignedIdentities identities, IdentityEvents events, AccessGrants grants,
                                   TransactionTemplate transaction,
                                   io.aegisml.identity.authority.AuthorityProperties authority) {
        this.identities = identities;
        this.events = events;
        this.grants = grants;
        this.transaction = transaction;
        this.tenantId = authority.tenantId();
    }

    record IdentityRequest(Map<String, String> tags) {
    }

    @PutMapping("/{name}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String sub, @PathVariable String rg, @PathVariable String name,
                                            @RequestBody(required = false) IdentityRequest body,
                                            @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        Map<String, String> tags = body == null || body.tags() == null ? Map.of() : body.tags();
        if (tags.size() > 50) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "At most 50 tags are allowed.");
        }
        UserAssignedIdentity fresh = new UserAssignedIdentity(idOf(sub, rg, name), sub, rg, name, UUID.randomUUID(),
                UUID.randomUUID(), tags, Instant.now().truncatedTo(ChronoUnit.MILLIS), caller.getSubject());
        UserAssignedIdentities.Upserted result = transaction.execute(status -> {
            UserAssignedIdentities.Upserted upserted = identities.upsert(fresh);
            events.publish(upserted.created() ? "UserAssignedIdentityCreated" : "UserAssignedIdentityUpdated",
                    upserted.identity().id(), upserted.identity().state(tenantId), Callers.actorOf(caller),
                    RequestIdFilter.correlationId(request));
            return upserted;
        });
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result.identity().state(tenantId));
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String sub, @PathVariable String rg, @PathVariable String name) {
        return identities.find(idOf(sub, rg, name)).map(i -> i.state(tenantId)).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No identity " + idOf(sub, rg, name) + "."));
    }

    @GetMapping
    Map<String, List<Map<String, Object>>> list(@PathVariable String sub, @PathVariable String rg) {
        ResourceNames.require("subscription", sub);
        ResourceNames.require("resource group", rg);
        return Map.of("value", identities.inResourceGroup(sub, rg).stream().map(i -> i.state(tenantId)).toList());
    }

    /** Its role assignments go with it; endpoints it was attached to keep running without it. */
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String sub, @PathVariable String rg, @PathVariable String name,
                                @AuthenticationPrincipal Jwt caller, HttpServletRequest request) {
        return identities.find(idOf(sub, rg, name)).map(identity -> {
            grants.revokeAll(identity.principalId().toString(), caller, request);
            transaction.executeWithoutResult(status -> {
                identities.delete(identity.id());
                events.publish("UserAssignedIdentityDeleted", identity.id(), identity.state(tenantId),
                        Callers.actorOf(caller), RequestIdFilter.correlationId(request));
            });
            return ResponseEntity.ok().<Void>build();
        }).orElse(ResponseEntity.noContent().build());
    }

    private static String idOf(String sub, String rg, String name) {
        return "/subscriptions/" + ResourceNames.require("subscription", sub) + "/resourceGroups/"
                + ResourceNames.require("resource group", rg) + "/userAssignedIdentities/"
                + ResourceNames.require("identity", name);
    }
}
