package io.aegisml.infrastructure.kafka;

import io.aegisml.events.KafkaAccount;
import io.aegisml.events.KafkaCredentials;
import io.aegisml.events.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Gives each {@link KafkaAccount} its SCRAM password and exactly the ACLs of its row, as the platform's
 * administrator. Run at every start: passwords are set again (a changed secret takes effect), missing
 * ACLs are added and ACLs the table no longer lists are removed, so the broker holds the table and nothing else.
 */
public final class BrokerAccounts {

    private static final int SCRAM_ITERATIONS = 8192;

    private BrokerAccounts() {
    }

    /**
     * For a broker started by someone else (docker-compose.yml's {@code kafka-accounts}): the bootstrap servers as
     * the argument, the administrator's password in {@code AEGIS_KAFKA_ADMIN_PASSWORD} and each account's in
     * {@code AEGIS_KAFKA_PASSWORD_<ACCOUNT>} (e.g. {@code AEGIS_KAFKA_PASSWORD_IDENTITY_SERVICE}). Waits up to two
     * minutes for the broker, sets the accounts, then creates the topics.
     */
    public static void main(String[] args) throws InterruptedException {
        String servers = args.length > 0 ? args[0] : "localhost:9092";
        KafkaCredentials admin = new KafkaCredentials(KafkaCredentials.SASL_PLAINTEXT, KafkaCredentials.PLAIN, "admin",
                required("AEGIS_KAFKA_ADMIN_PASSWORD"));
        Map<KafkaAccount, String> passwords = new java.util.EnumMap<>(KafkaAccount.class);
        for (KafkaAccount account : KafkaAccount.values()) {
            passwords.put(account, required("AEGIS_KAFKA_PASSWORD_" + account.name()));
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!KafkaServer.clusterAnswers(servers, admin)) {
            if (System.nanoTime() > deadline) {
                System.err.println("Kafka at " + servers + " did not let the administrator in within two minutes.");
                System.exit(1);
            }
            Thread.sleep(1000);
        }
        apply(servers, admin, passwords);
        io.aegisml.events.TopicProvisioner.ensure(admin, servers, java.util.Arrays.asList(Topic.values()), (short) 1);
        System.out.println("Kafka accounts " + passwords.keySet() + " and topics are set at " + servers + ".");
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            System.err.println("Set " + variable + ".");
            System.exit(2);
        }
        return value;
    }

    public static void apply(String bootstrapServers, KafkaCredentials admin, Map<KafkaAccount, String> passwords) {
        try (Admin client = Admin.create(admin.clientProperties(bootstrapServers,
                Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)))) {
            client.alterUserScramCredentials(passwords.entrySet().stream()
                    .<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(e -> new UserScramCredentialUpsertion(
                            e.getKey().username(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS),
                            e.getValue()))
                    .toList()).all().get();
            for (KafkaAccount account : passwords.keySet()) {
                Set<AclBinding> wanted = acls(account);
                Set<AclBinding> present = new HashSet<>(client.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter(principal(account), null, AclOperation.ANY, AclPermissionType.ANY)))
                        .values().get());
                List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
                List<AclBindingFilter> stale = present.stream().filter(b -> !wanted.contains(b)).map(AclBinding::toFilter).toList();
                if (!missing.isEmpty()) {
                    client.createAcls(missing).all().get();
                }
                if (!stale.isEmpty()) {
                    client.deleteAcls(stale).all().get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the broker's accounts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set the broker's accounts: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The row as ACLs: write (and describe) its topics, read the others, join its consumer groups. */
    static Set<AclBinding> acls(KafkaAccount account) {
        List<AclBinding> acls = new ArrayList<>();
        for (Topic topic : account.writes()) {
            acls.add(allow(account, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(account, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (Topic topic : account.reads()) {
            acls.add(allow(account, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(account, ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String group : account.groups()) {
            acls.add(allow(account, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
        }
        if (account.groupPrefix() != null) {
            acls.add(allow(account, ResourceType.GROUP, account.groupPrefix(), PatternType.PREFIXED, AclOperation.READ));
        }
        return Set.copyOf(acls);
    }

    private static AclBinding allow(KafkaAccount account, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal(account), "*", operation, AclPermissionType.ALLOW));
    }

    private static String principal(KafkaAccount account) {
        return "User:" + account.username();
    }
}
