package io.aegisml.infrastructure.azurite;

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

/**
 * Azurite's blob service from npm, installed once into the cache. Started with
 * {@code --skipApiVersionCheck} because azure-storage-blob sends a newer x-ms-version than Azurite
 * knows, and with telemetry off.
 */
public final class AzuriteServer {

    public static final String VERSION = "3.37.0";
    /**
     * Our own account, with a key generated per data folder: Azurite's well-known development account
     * (whose key is published) is switched off, as it is whenever AZURITE_ACCOUNTS names accounts.
     */
    public static final String ACCOUNT = "aegis";
    static final String COMPONENT = "Azurite";
    private static final String BIN = "node_modules/.bin/azurite-blob";

    private AzuriteServer() {
    }

    /** The account key from the data folder's secrets, as the standard base64 Azure's SDK expects. */
    public static String accountKey(Path dataDir) {
        String generated = new io.aegisml.infrastructure.process.Secrets(dataDir)
                .get("azurite-account-key", "AEGIS_AZURITE_ACCOUNT_KEY").value();
        return java.util.Base64.getEncoder().encodeToString(java.util.Base64.getUrlDecoder().decode(generated));
    }

    public static String connectionString(String blobEndpoint, String accountKey) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + accountKey
                + ";BlobEndpoint=" + blobEndpoint + ";";
    }

    public static LocalProcess start(Path dataDir, int port) {
        Path bin = installed().resolve(BIN);
        Path location = dataDir.resolve("azurite");
        try {
            Files.createDirectories(location);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Probes.requireFree(COMPONENT, port);
        LocalProcess process = LocalProcess.start(COMPONENT, List.of(bin.toString(), "--blobHost", "127.0.0.1",
                        "--blobPort", String.valueOf(port), "--location", location.toString(), "--disableTelemetry",
                        "--skipApiVersionCheck", "--silent"),
                location, Map.of("AZURITE_ACCOUNTS", ACCOUNT + ":" + accountKey(dataDir)), location.resolve("azurite.log"));
        return process.awaitReady(() -> Probes.portOpen("127.0.0.1", port), Duration.ofSeconds(60));
    }

    public static String blobEndpoint(int port) {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** Installed once from npm (npm's own cache keeps the download) into the cache. */
    static Path installed() {
        return Installation.ensure(COMPONENT, "azurite-" + VERSION, "node_modules",
                "Azurite comes from npm: check that Node.js 18+ and npm work and can reach the npm registry",
                folder -> {
                    try {
                        Installation.run("npm install azurite@" + VERSION, new ProcessBuilder("npm", "install", "--no-audit",
                                "--no-fund", "--prefix", folder.toString(), "azurite@" + VERSION), folder.resolve("npm-install.log"));
                    } catch (IOException e) {
                        if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                            throw new IOException("npm is not on the PATH (install Node.js 18+ and npm)", e);
                        }
                        throw e;
                    }
                    if (!Files.isExecutable(folder.resolve(BIN))) {
                        throw new IOException("npm finished but " + BIN + " is missing");
                    }
                });
    }
}
