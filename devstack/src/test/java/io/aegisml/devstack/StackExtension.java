package io.aegisml.devstack;

import io.aegisml.infrastructure.Infrastructure;
import io.aegisml.infrastructure.testing.AegisInfrastructureExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The five services as processes, on free ports, on top of the test library's shared infrastructure
 * (real Kafka, PostgreSQL, Keycloak, Azurite): one stack for every end-to-end test class of the run,
 * stopped when the run ends (services first, as the store closes in reverse order of creation).
 */
class StackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AegisStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RunningStack.class, k -> new RunningStack(start(
                        AegisInfrastructureExtension.shared(context))), RunningStack.class).stack();
    }

    record RunningStack(AegisStack stack) implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }

    private static AegisStack start(Infrastructure infrastructure) {
        if ("running".equals(System.getProperty("stack"))) {
            // Our services would share databases, replication slots and consumer groups with the running
            // ones, and the fault tests would stop the wrong processes.
            throw new IllegalStateException("the end-to-end tests start their own services: run them with "
                    + "-Dstack=local or -Dstack=containers, not on a running ./aegis up");
        }
        Path repository = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();
        Path data = repository.resolve("devstack/target/e2e-services");
        deleteRecursively(data);
        // A one-second clock skew lets the expired-token test wait seconds, not half a minute.
        AegisStack stack = AegisStack.start(StackConfig.freePorts(data, repository, Duration.ofSeconds(1)), infrastructure);
        if (stack.tls() != null) {
            // The tests are clients like any other: they trust the stack's CA (and the system's), nothing more.
            javax.net.ssl.SSLContext.setDefault(stack.tls().clientContext());
        }
        ClassDataSharing.archiveInBackground(); // the services' later restarts in the suite start faster
        return stack;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
