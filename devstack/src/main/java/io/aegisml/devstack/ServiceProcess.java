package io.aegisml.devstack;

import io.aegisml.infrastructure.process.Cache;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One service run from its executable jar, ready when its readiness probe answers 200. */
final class ServiceProcess {

    private ServiceProcess() {
    }

    /**
     * Small heaps and the serial collector: the whole stack must fit in about 3 GB on 2 cores. The
     * control plane compiles with C1 only (quick start, little memory); the scoring path (edge and
     * scoring-service) keeps the optimizing compiler, which its throughput needs.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:MaxMetaspaceSize=160m");
    static final List<String> CONTROL_PLANE_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    static List<String> jvmOptions(Service service) {
        boolean hotPath = service == Service.EDGE || service == Service.SCORING;
        return hotPath ? JVM_OPTIONS : Stream.concat(JVM_OPTIONS.stream(), CONTROL_PLANE_OPTIONS.stream()).toList();
    }

    /** {@code tls}: the service answers over TLS with these files (the edge), so its readiness is asked over HTTPS. */
    static LocalProcess start(Service service, Path repository, Path dataDir, int port, Map<String, String> env,
                              io.aegisml.infrastructure.tls.TlsFiles tls) {
        ClassDataSharing.Launch launch = ClassDataSharing.prepare(service.module(), jarOf(service, repository));
        Probes.requireFree(service.module(), port);
        List<String> command = Stream.of(Stream.of(Cache.javaExecutable()), jvmOptions(service).stream(),
                launch.jvmOptions().stream(), Stream.of("-jar", launch.jar().toString())).flatMap(s -> s).toList();
        // Its own, empty working directory, not the data folder: nothing a relative path could name (such as
        // secrets/...) is there to be read by a model runtime or anything else that resolves one.
        Path workingDirectory = dataDir.resolve("services").resolve(service.module());
        try {
            Files.createDirectories(workingDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalProcess process = LocalProcess.start(service.module(), command, workingDirectory, env,
                dataDir.resolve("logs").resolve(service.module() + ".log"));
        String readiness = "/actuator/health/readiness";
        javax.net.ssl.SSLContext trust = tls == null ? null : tls.clientContext();
        return process.awaitReady(() -> trust == null ? Probes.httpOk("http://localhost:" + port + readiness)
                : Probes.httpsOk(port, readiness, trust), Duration.ofSeconds(180));
    }

    static Path jarOf(Service service, Path repository) {
        Path target = repository.resolve(service.module()).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runnable jar in " + target
                            + "; build first: ./mvnw package -DskipTests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
