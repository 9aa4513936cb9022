package io.aegisml.events;

import java.util.EnumSet;
import java.util.Set;

/**
 * The broker's accounts, one per service plus one read-only account for users' consumers (the CLI's
 * {@code events tail}), with the topics each may write and read and the consumer groups it may join.
 * The broker's ACLs are made from this table and nothing else, so a service holds exactly what its code
 * uses: identity-service alone may write {@code aegis.identity.events}, whose role assignments every
 * service believes.
 */
public enum KafkaAccount {
    IDENTITY_SERVICE("identity-service",
            EnumSet.of(Topic.IDENTITY_EVENTS, Topic.SECURITY_EVENTS, Topic.DEAD_LETTERS),
            EnumSet.of(Topic.IDENTITY_EVENTS, Topic.DEPLOYMENT_EVENTS), Set.of("identity-service")),
    DEPLOYMENT_SERVICE("deployment-service",
            EnumSet.of(Topic.DEPLOYMENT_EVENTS, Topic.SECURITY_EVENTS, Topic.DEAD_LETTERS),
            EnumSet.of(Topic.IDENTITY_EVENTS, Topic.SCORING_EVENTS), Set.of("deployment-service")),
    SCORING_SERVICE("scoring-service",
            EnumSet.of(Topic.SCORING_EVENTS, Topic.SCORING_REQUESTS, Topic.SECURITY_EVENTS),
            EnumSet.of(Topic.IDENTITY_EVENTS, Topic.DEPLOYMENT_EVENTS), Set.of()),
    AUDIT_SERVICE("audit-service",
            EnumSet.of(Topic.ACTIVITY_LOG, Topic.SECURITY_EVENTS, Topic.DEAD_LETTERS),
            EnumSet.of(Topic.IDENTITY_EVENTS, Topic.DEPLOYMENT_EVENTS, Topic.SECURITY_EVENTS, Topic.SCORING_REQUESTS),
            Set.of("audit-service", "audit-service-telemetry")),
    /** Reads every public topic and writes none; its groups are its own ({@code aegis-cli-…}). */
    EVENTS_READER("events-reader", EnumSet.noneOf(Topic.class), EnumSet.allOf(Topic.class), Set.of()) {
        @Override
        public String groupPrefix() {
            return "aegis-cli-";
        }
    };

    private final String username;
    private final Set<Topic> writes;
    private final Set<Topic> reads;
    private final Set<String> groups;

    KafkaAccount(String username, Set<Topic> writes, Set<Topic> reads, Set<String> groups) {
        this.username = username;
        this.writes = writes;
        this.reads = reads;
        this.groups = groups;
    }

    public String username() {
        return username;
    }

    public Set<Topic> writes() {
        return writes;
    }

    public Set<Topic> reads() {
        return reads;
    }

    /** Consumer groups it may join, by exact name. */
    public Set<String> groups() {
        return groups;
    }

    /** A prefix of consumer groups it may join, or null. */
    public String groupPrefix() {
        return null;
    }
}
