package io.aegisml.devstack;

import io.aegisml.infrastructure.Infrastructure;
import io.aegisml.infrastructure.keycloak.AegisRealm;
import io.aegisml.infrastructure.keycloak.ServiceClients;
import io.aegisml.infrastructure.process.Component;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.Secrets;
import io.aegisml.infrastructure.tls.LocalCertificateAuthority;
import io.aegisml.infrastructure.tls.TlsFiles;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack: infrastructure first, then the five services in parallel. Used by {@code ./aegis up} and by the end-to-end tests, which also stop and start
 * single services to test recovery.
 */
public final class AegisStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AegisStack.class);

    private final StackConfig config;
    private final Infrastructure infrastructure;
    private final Map<Service, Component> services = new EnumMap<>(Service.class);
    private String adminId;
    private String identityClientSecret;
    private String scoringClientSecret;
    /** The edge's and the data plane's certificate and the CA to trust; null when asked to run in clear text. */
    private final TlsFiles tls;

    private AegisStack(StackConfig config, Infrastructure infrastructure) {
        this.config = config;
        this.infrastructure = infrastructure;
        this.tls = plaintext() ? null : LocalCertificateAuthority.ensure(config.dataDir(),
                java.util.Arrays.asList(System.getenv().getOrDefault("AEGIS_TLS_HOSTNAMES", "").split(",")));
        for (Service service : Service.values()) {
            services.put(service, new Component(service.module(), config.port(service), () -> {
                LocalProcess process = ServiceProcess.start(service, config.repository(), config.dataDir(),
                        config.port(service), environment(service), service == Service.EDGE ? tls : null);
                log.info("{} ready on port {}", service.module(), config.port(service));
                return process;
            }));
        }
    }

    /** Starts the five services on {@code infrastructure}; closing the stack stops them, not it. */
    public static AegisStack start(StackConfig config, Infrastructure infrastructure) {
        AegisStack stack = new AegisStack(config, infrastructure);
        stack.adminId = AegisRealm.userId(infrastructure.keycloakUrl(), infrastructure.keycloakAdminPassword(),
                AegisRealm.ADMIN_USER);
        stack.identityClientSecret = new Secrets(config.dataDir()).get("identity-service-keycloak-secret", null).value();
        ServiceClients.ensureIdentityServiceClient(infrastructure.keycloakUrl(), infrastructure.keycloakAdminPassword(),
                stack.identityClientSecret);
        stack.scoringClientSecret = new Secrets(config.dataDir()).get("scoring-service-keycloak-secret", null).value();
        ServiceClients.ensureScoringServiceClient(infrastructure.keycloakUrl(), infrastructure.keycloakAdminPassword(),
                stack.scoringClientSecret);
        try {
            // All five at once: the edge needs none of the others to start (it routes to them per request), and
            // on a small machine the starts are bound by CPU, which is best kept busy.
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            for (Service service : Service.values()) {
                starting.add(CompletableFuture.runAsync(() -> stack.start(service)));
            }
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            if (e instanceof CompletionException && e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Clear text on the edge and the data plane, only when asked for by name (AEGIS_PLAINTEXT=true, local use). */
    static boolean plaintext() {
        return "true".equalsIgnoreCase(System.getenv().getOrDefault("AEGIS_PLAINTEXT", "").strip());
    }

    /** The TLS files of the front doors (the CA clients should trust among them), or null in clear text. */
    public TlsFiles tls() {
        return tls;
    }

    private String frontDoor(int port) {
        return (tls == null ? "http" : "https") + "://localhost:" + port;
    }

    /**
     * The tenant's id, what goes after the authority ({@code {edge}/{tenant}}): a GUID made on the first start,
     * as Azure's are, and kept in the data folder (it is no secret: create-for-rbac prints it).
     */
    public String tenantId() {
        java.nio.file.Path file = config.dataDir().resolve("tenant-id");
        try {
            if (!java.nio.file.Files.exists(file) || java.nio.file.Files.readString(file).isBlank()) {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Path made = file.resolveSibling("tenant-id.new");
                java.nio.file.Files.writeString(made, java.util.UUID.randomUUID() + "\n");
                java.nio.file.Files.move(made, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the tenant id in " + file, e);
        }
    }

    public String edgeUrl() {
        return frontDoor(config.port(Service.EDGE));
    }

    /** The data plane's private listener (Azure's private endpoint): closed endpoints answer only there. */
    public String privateDataPlaneUrl() {
        return frontDoor(config.privateDataPlanePort());
    }

    /** The data plane's own listener, where endpoints' scoring_uri points. */
    public String dataPlaneUrl() {
        return frontDoor(config.dataPlanePort());
    }

    public String serviceUrl(Service service) {
        return "http://localhost:" + config.port(service);
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public StackConfig config() {
        return config;
    }

    public void start(Service service) {
        services.get(service).start();
    }

    /** Graceful stop (SIGTERM): in-flight requests finish, consumers commit, the outbox engine stops. */
    public void stop(Service service) {
        services.get(service).stop();
    }

    /** The five services, in order of start. */
    public List<Component> components() {
        return List.copyOf(services.values());
    }

    public List<LocalProcess> processes() {
        List<LocalProcess> all = new ArrayList<>(infrastructure.processes());
        services.values().stream().map(Component::process).filter(p -> p != null).forEach(all::add);
        return all;
    }

    private Map<String, String> environment(Service service) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", String.valueOf(config.port(service)));
        // Loopback only: the services are reached through the edge, whose body limits and token check
        // must not be bypassable; the edge itself too unless AEGIS_EDGE_ADDRESS opens it.
        env.put("SERVER_ADDRESS", service == Service.EDGE
                ? System.getenv().getOrDefault("AEGIS_EDGE_ADDRESS", "127.0.0.1") : "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        if (service.kafkaAccount() != null) {
            env.putAll(infrastructure.kafkaCredentials(service.kafkaAccount()).environment());
        }
        env.put("AEGIS_TOKEN_ISSUER", infrastructure.tokenIssuer());
        env.put("AEGIS_TOKEN_CLOCK_SKEW", config.tokenClockSkew().toSeconds() + "s");
        env.put("AEGIS_DATA_DIR", config.dataDir().resolve("services").toString());
        if (service.database() != null) {
            env.put("AEGIS_DB_URL", infrastructure.jdbcUrl(service.database()));
            env.put("AEGIS_DB_USER", infrastructure.databaseUser(service.database()));
            env.put("AEGIS_DB_PASSWORD", infrastructure.databasePassword(service.database()));
        }
        if (service == Service.IDENTITY) {
            env.put("AEGIS_BOOTSTRAP_OWNER_ID", adminId); // the administrator is Owner at /
            env.put("AEGIS_AUTHORITY_URL", edgeUrl()); // the Azure AD-compatible authority is the edge's
            env.put("AEGIS_TENANT_ID", tenantId());
            env.put("AEGIS_KEYCLOAK_URL", infrastructure.keycloakUrl());
            env.put("AEGIS_KEYCLOAK_CLIENT_ID", ServiceClients.IDENTITY_SERVICE);
            env.put("AEGIS_KEYCLOAK_CLIENT_SECRET", identityClientSecret);
            env.put("AEGIS_STORAGE_CONNECTION_STRING", infrastructure.blobConnectionString());
            env.put("AEGIS_RUNTIME_CLIENT_ID", ServiceClients.SCORING_SERVICE);
            env.put("AEGIS_TOKEN_KEYS_ENCRYPTION_KEY", new Secrets(config.dataDir())
                    .get("token-keys-encryption-key", "AEGIS_TOKEN_KEYS_ENCRYPTION_KEY").value());
        }
        if (service == Service.EDGE || service == Service.SCORING) {
            // Said explicitly, as the launcher read it: the services never decide on clear text by another reading.
            env.put("AEGIS_PLAINTEXT", String.valueOf(tls == null));
            if (tls != null) {
                env.putAll(tls.environment());
            }
        }
        if (service == Service.EDGE || service == Service.SCORING) {
            // The edge proves to scoring-service that it wrote a request's X-Forwarded-For.
            env.put("AEGIS_EDGE_PROXY_SECRET", new Secrets(config.dataDir())
                    .get("edge-proxy-secret", "AEGIS_EDGE_PROXY_SECRET").value());
        }
        if (service == Service.DEPLOYMENT || service == Service.SCORING) {
            env.put("AEGIS_MODELS_CONNECTION_STRING", infrastructure.blobConnectionString());
        }
        if (service == Service.SCORING) {
            env.put("AEGIS_AML_TOKEN_JWKS_URI", serviceUrl(Service.IDENTITY) + "/api/amlTokens/keys");
            env.put("AEGIS_DATA_PLANE_PORT", String.valueOf(config.dataPlanePort()));
            env.put("AEGIS_DATA_PLANE_PRIVATE_PORT", String.valueOf(config.privateDataPlanePort()));
            // Like the edge, loopback unless AEGIS_DATA_PLANE_ADDRESS opens it.
            env.put("AEGIS_DATA_PLANE_ADDRESS", System.getenv().getOrDefault("AEGIS_DATA_PLANE_ADDRESS", "127.0.0.1"));
            // The deployment runtime's own credentials, for its managed identities' tokens and SAS.
            env.put("AEGIS_IDENTITY_URL", serviceUrl(Service.IDENTITY));
            env.put("AEGIS_RUNTIME_TOKEN_URL", infrastructure.tokenIssuer() + "/protocol/openid-connect/token");
            env.put("AEGIS_RUNTIME_CLIENT_ID", ServiceClients.SCORING_SERVICE);
            env.put("AEGIS_RUNTIME_CLIENT_SECRET", scoringClientSecret);
        }
        if (service == Service.DEPLOYMENT) {
            env.put("AEGIS_PUBLIC_URL", edgeUrl());
            env.put("AEGIS_SCORING_PUBLIC_URL", dataPlaneUrl());
            env.put("AEGIS_ENDPOINT_KEYS_ENCRYPTION_KEY", new Secrets(config.dataDir())
                    .get("endpoint-keys-encryption-key", "AEGIS_ENDPOINT_KEYS_ENCRYPTION_KEY").value());
        }
        if (service == Service.EDGE) {
            env.put("AEGIS_IDENTITY_URL", serviceUrl(Service.IDENTITY));
            env.put("AEGIS_DEPLOYMENT_URL", serviceUrl(Service.DEPLOYMENT));
            env.put("AEGIS_SCORING_URL", serviceUrl(Service.SCORING));
            env.put("AEGIS_AUDIT_URL", serviceUrl(Service.AUDIT));
        }
        return env;
    }

    /** Services in reverse order of start (edge first, so no new request arrives while the others stop). */
    @Override
    public void close() {
        stop(Service.EDGE);
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (Service service : List.of(Service.AUDIT, Service.SCORING, Service.DEPLOYMENT, Service.IDENTITY)) {
            stopping.add(CompletableFuture.runAsync(() -> stop(service)));
        }
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    }
}
