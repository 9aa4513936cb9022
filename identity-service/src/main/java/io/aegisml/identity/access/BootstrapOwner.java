package io.aegisml.identity.access;

import io.aegisml.events.Actor;
import io.aegisml.security.rbac.BuiltInRoles;
import io.aegisml.security.rbac.RoleAssignment;
import io.aegisml.security.rbac.Scopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The first administrator is Owner at the root scope, so that someone can grant everything else. Its
 * principal id comes from configuration (the devstack passes the Keycloak id of user "admin").
 * Checked at every start: if the administrator lost it, it is restored (the break-glass account).
 */
@Component
class BootstrapOwner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapOwner.class);
    static final String NAME = "bootstrap-owner";

    private final AccessManagement management;
    private final RoleAssignments assignments;
    private final String principalId;

    BootstrapOwner(AccessManagement management, RoleAssignments assignments,
                   @Value("${aegis.bootstrap.owner-principal-id:}") String principalId) {
        this.management = management;
        this.assignments = assignments;
        this.principalId = principalId;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (principalId == null || principalId.isBlank()) {
            log.info("No bootstrap owner configured (AEGIS_BOOTSTRAP_OWNER_ID)");
            return;
        }
        String name = NAME + "-" + Integer.toHexString(principalId.hashCode());
        RoleAssignment owner = new RoleAssignment(RoleAssignment.idOf(Scopes.ROOT, name), name, Scopes.ROOT,
                principalId, "User", BuiltInRoles.OWNER.id());
        if (assignments.find(owner.id()).isEmpty()
                && assignments.same(Scopes.ROOT, principalId, BuiltInRoles.OWNER.id()).isEmpty()) {
            management.assign(owner, Actor.system("identity-service"), null);
            log.info("Bootstrap owner {} is Owner at /", principalId);
        }
    }
}
