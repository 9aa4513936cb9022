package io.aegisml.identity.principals;

import io.aegisml.identity.access.AccessGrants;
import io.aegisml.identity.principals.ServicePrincipals.ServicePrincipal;
import io.aegisml.security.token.Callers;
import io.aegisml.security.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/servicePrincipals}: create (optionally with a role on scopes, like
 * {@code az ad sp create-for-rbac --role --scopes}), list, show, reset the secret, delete. The secret
 * appears in the creation and reset answers only.
 */
@RestController
@RequestMapping("/api/servicePrincipals")
class ServicePrincipalController {

    private final ServicePrincipalLifecycle lifecycle;
    private final ServicePrincipals principals;
    private final AccessGrants grants;

    ServicePrincipalController(ServicePrincipalLifecycle lifecycle, ServicePrincipals principals, AccessGrants grants) {
        this.lifecycle = lifecycle;
        this.principals = principals;
        this.grants = grants;
    }

    record CreateRequest(String displayName, String role, List<String> scopes) {
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody CreateRequest body, @AuthenticationPrincipal Jwt caller,
                                               HttpServletRequest request) {
        String name = body.displayName() == null || body.displayName().isBlank()
                ? "aegis-sp-" + UUID.randomUUID().toString().substring(0, 8) : body.displayName().strip();
        if (name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "displayName: 1-128 printable characters.");
        }
        List<String> scopes = body.scopes() == null ? List.of()
                : body.scopes().stream().map(io.aegisml.security.rbac.Scopes::canonical).toList();
        if (body.role() != null && scopes.isEmpty() || body.role() == null && !scopes.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "role and scopes go together.");
        }
        scopes.forEach(scope -> grants.mayGrant(caller, body.role(), scope, request)); // before anything is created
        ServicePrincipalLifecycle.Created created = lifecycle.create(name, Callers.actorOf(caller),
                RequestIdFilter.correlationId(request));
        for (String scope : scopes) {
            grants.grant(caller, scope, "sp-" + created.principal().clientId().substring(0, 8) + "-"
                    + Integer.toHexString(scope.hashCode()), created.principal().principalId(), "ServicePrincipal",
                    body.role(), request);
        }
        Map<String, Object> answer = json(created.principal());
        answer.put("clientSecret", created.secret());
        answer.put("password", created.secret());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @GetMapping
    Map<String, Object> list() {
        return Map.of("value", principals.all().stream().map(this::json).toList());
    }

    @GetMapping("/{clientId}")
    Map<String, Object> show(@PathVariable String clientId) {
        return json(find(clientId));
    }

    @PostMapping("/{clientId}/resetSecret")
    Map<String, Object> resetSecret(@PathVariable String clientId, @AuthenticationPrincipal Jwt caller,
                                    HttpServletRequest request) {
        ServicePrincipal sp = find(clientId);
        grants.requireHoldsEverythingOf(sp.principalId(), caller, request); // its secret is all it holds
        Map<String, Object> answer = json(sp);
        String secret = lifecycle.resetSecret(sp, Callers.actorOf(caller), RequestIdFilter.correlationId(request));
        answer.put("clientSecret", secret);
        answer.put("password", secret);
        return answer;
    }

    @DeleteMapping("/{clientId}")
    ResponseEntity<Void> delete(@PathVariable String clientId, @AuthenticationPrincipal Jwt caller,
                                HttpServletRequest request) {
        return principals.find(clientId).map(sp -> {
            grants.requireHoldsEverythingOf(sp.principalId(), caller, request);
            grants.revokeAll(sp.principalId(), caller, request);
            lifecycle.delete(sp, Callers.actorOf(caller), RequestIdFilter.correlationId(request));
            return ResponseEntity.ok().<Void>build();
        }).orElse(ResponseEntity.noContent().build());
    }

    private ServicePrincipal find(String clientId) {
        return principals.find(clientId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No service principal " + clientId + "."));
    }

    /** Azure's names (appId, tenant) beside ours (clientId, tenantId). */
    private Map<String, Object> json(ServicePrincipal sp) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", sp.principalId()); // Azure's object id (az ad sp show --query id)
        json.put("clientId", sp.clientId());
        json.put("appId", sp.clientId());
        json.put("principalId", sp.principalId());
        json.put("displayName", sp.displayName());
        json.put("tenantId", lifecycle.tenant());
        json.put("tenant", lifecycle.tenant());
        json.put("createdAt", sp.createdAt().toString());
        return json;
    }
}
