package io.aegisml.devstack;

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
 * One real stack (Kafka, PostgreSQL, Keycloak, Azurite and the five services as processes, on free
 * ports) shared by every end-to-end test class of the run, stopped when the run ends.
 */
class StackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AegisStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RunningStack.class, k -> new RunningStack(start()), RunningStack.class).stack();
    }

    record RunningStack(AegisStack stack) implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }

    private static AegisStack start() {
        Path repository = Path.of(System.getProperty("aegis.repo", "..")).toAbsolutePath().normalize();
        Path data = repository.resolve("devstack/target/e2e-stack");
        deleteRecursively(data);
        // A one-second clock skew lets the expired-token test wait seconds, not half a minute.
        return AegisStack.start(StackConfig.freePorts(data, repository, Duration.ofSeconds(1)));
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
