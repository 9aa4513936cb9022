package io.aegisml.infrastructure.kafka;

import io.aegisml.events.KafkaCredentials;
import io.aegisml.infrastructure.process.Cache;
import io.aegisml.infrastructure.process.ComponentFailure;
import io.aegisml.infrastructure.process.Downloads;
import io.aegisml.infrastructure.process.Installation;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node Kafka broker in KRaft mode (no ZooKeeper), run from the broker jars the build put in
 * the cache. Its log directory is formatted once and kept, so a restart keeps every topic.
 *
 * <p>Nobody connects anonymously: both listeners want SASL. The platform's own account ({@code admin}, the
 * only super user) signs in with PLAIN against the password in the broker's owner-only configuration, so
 * it works on a log directory formatted before accounts existed; the services sign in with SCRAM accounts
 * that {@link BrokerAccounts} creates, each with the ACLs of {@link io.aegisml.events.KafkaAccount}.
 */
public final class KafkaServer {

    public static final String VERSION = "4.4.0";

    private KafkaServer() {
    }

    public static LocalProcess start(Path dataDir, int port, int controllerPort, KafkaCredentials admin) {
        Path home = dataDir.resolve("kafka");
        Path logDirs = home.resolve("data");
        Path config = home.resolve("server.properties");
        Path libs = installed().resolve("lib");
        try {
            Files.createDirectories(logDirs);
            writeConfig(config, logDirs, port, controllerPort, admin);
            Files.writeString(home.resolve("log4j2.properties"), LOG4J2);
            String classpath = libs + "/*";
            List<String> java = List.of(Cache.javaExecutable(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                    "-cp", classpath);
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                format(java, home, config);
            }
            Probes.requireFree("Kafka", port);
            Probes.requireFree("Kafka controller", controllerPort);
            LocalProcess process = LocalProcess.start("Kafka", concat(java, "kafka.Kafka", config.toString()),
                    home, Map.of(), home.resolve("kafka.log"));
            return process.awaitReady(() -> clusterAnswers("localhost:" + port, admin), Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new ComponentFailure("Kafka", "cannot prepare its folder " + home + " (" + e.getMessage() + ")",
                    "Check the free space and permissions of the data folder", null, e);
        }
    }

    /** The broker's jars, copied once from Maven's local repository into the cache, each checked to be a whole jar. */
    static Path installed() {
        return Installation.ensure("Kafka", "kafka-" + VERSION, "lib", Downloads.REBUILD, folder -> {
            Path lib = Files.createDirectories(folder.resolve("lib"));
            for (Path jar : Downloads.files("Kafka", "kafka")) {
                try (java.util.zip.ZipFile whole = new java.util.zip.ZipFile(jar.toFile())) {
                    whole.size(); // a truncated jar has no readable central directory
                } catch (IOException e) {
                    throw new IOException("the downloaded jar " + jar + " is damaged; delete it and build again", e);
                }
                Files.copy(jar, lib.resolve(jar.getFileName().toString()));
            }
        });
    }

    private static void format(List<String> java, Path home, Path config) {
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        LocalProcess formatting = LocalProcess.start("kafka-storage-format",
                concat(java, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()), home, Map.of(), home.resolve("format.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (formatting.isAlive() && System.nanoTime() < deadline) {
            sleep();
        }
        if (!Files.exists(home.resolve("data").resolve("meta.properties"))) {
            formatting.close();
            throw new ComponentFailure("Kafka", "formatting its storage in " + home.resolve("data") + " failed", null,
                    formatting.logFile());
        }
    }

    static boolean clusterAnswers(String bootstrap, KafkaCredentials admin) {
        if (!Probes.portOpen(bootstrap.substring(0, bootstrap.indexOf(':')),
                Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1)))) {
            return false;
        }
        Properties props = admin.clientProperties(bootstrap, Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
        try (Admin client = Admin.create(props)) {
            return !client.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static void writeConfig(Path config, Path logDirs, int port, int controllerPort, KafkaCredentials admin)
            throws IOException {
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%1$s\" password=\"%2$s\" user_%1$s=\"%2$s\";"
                .formatted(admin.username(), admin.password());
        String properties = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@localhost:%2$d
                listeners=SASL_PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=SASL_PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=SASL_PLAINTEXT
                listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                sasl.enabled.mechanisms=SCRAM-SHA-256,PLAIN
                sasl.mechanism.inter.broker.protocol=PLAIN
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=%4$s
                listener.name.sasl_plaintext.plain.sasl.jaas.config=%4$s
                listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:%5$s
                allow.everyone.if.no.acl.found=false
                log.dirs=%3$s
                num.partitions=3
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=false
                log.cleaner.dedupe.buffer.size=8388608
                """.formatted(port, controllerPort, logDirs, plain, admin.username());
        // It holds the administrator's password: the owner alone may read it.
        Files.deleteIfExists(config);
        Files.createFile(config, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, properties);
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String LOG4J2 = """
            status = warn
            appender.out.type = Console
            appender.out.name = out
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = WARN
            rootLogger.appenderRef.out.ref = out
            logger.kafka.name = kafka
            logger.kafka.level = WARN
            logger.server.name = kafka.server.KafkaRaftServer
            logger.server.level = INFO
            """;
}
