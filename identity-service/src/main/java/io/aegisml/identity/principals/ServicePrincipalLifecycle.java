package io.aegisml.identity.principals;

import io.aegisml.events.Actor;
import io.aegisml.identity.IdentityEvents;
import io.aegisml.identity.principals.ServicePrincipals.ServicePrincipal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The identity provider and our database cannot share a transaction: the client is created first,
 * then recorded with its event; if recording fails, the client is removed again (compensation).
 */
@Service
class ServicePrincipalLifecycle {

    static final String SUBJECT_PREFIX = "/servicePrincipals/";

    private final ServicePrincipalDirectory directory;
    private final ServicePrincipals principals;
    private final IdentityEvents events;
    private final TransactionTemplate transaction;

    private final io.aegisml.identity.authority.AuthorityProperties authority;

    ServicePrincipalLifecycle(ServicePrincipalDirectory directory, ServicePrincipals principals, IdentityEvents events,
                              TransactionTemplate transaction, io.aegisml.identity.authority.AuthorityProperties authority) {
        this.authority = authority;
        this.directory = directory;
        this.principals = principals;
        this.events = events;
        this.transaction = transaction;
    }

    record Created(ServicePrincipal principal, String secret) {
        @Override
        public String toString() {
            return "Created[" + principal + ", secret=****]";
        }
    }

    Created create(String displayName, Actor caller, String correlationId) {
        String clientId = UUID.randomUUID().toString();
        ServicePrincipalDirectory.Registration registration = directory.register(clientId, displayName);
        ServicePrincipal sp = new ServicePrincipal(clientId, registration.principalId(), displayName,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), caller.id());
        try {
            transaction.executeWithoutResult(status -> {
                principals.insert(sp);
                events.publish("ServicePrincipalCreated", SUBJECT_PREFIX + clientId, sp.state(), caller, correlationId);
            });
        } catch (RuntimeException e) {
            directory.remove(clientId);
            throw e;
        }
        return new Created(sp, registration.secret());
    }

    String resetSecret(ServicePrincipal sp, Actor caller, String correlationId) {
        String secret = directory.resetSecret(sp.clientId());
        transaction.executeWithoutResult(status ->
                events.publish("ServicePrincipalSecretReset", SUBJECT_PREFIX + sp.clientId(), sp.state(), caller,
                        correlationId));
        return secret;
    }

    void delete(ServicePrincipal sp, Actor caller, String correlationId) {
        directory.remove(sp.clientId());
        transaction.executeWithoutResult(status -> {
            principals.delete(sp.clientId());
            events.publish("ServicePrincipalDeleted", SUBJECT_PREFIX + sp.clientId(), sp.state(), caller, correlationId);
        });
    }

    String tenant() {
        return authority.tenantId();
    }
}
