package io.aegisml.infrastructure.azurite;

import io.aegisml.infrastructure.process.Cache;
import io.aegisml.infrastructure.process.LocalProcess;
import io.aegisml.infrastructure.process.LogTail;
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
        Path bin = installed().resolve("node_modules/.bin/azurite-blob");
        Path location = dataDir.resolve("azurite");
        try {
            Files.createDirectories(location);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Probes.requireFree("Azurite", port);
        LocalProcess process = LocalProcess.start("azurite", List.of(bin.toString(), "--blobHost", "127.0.0.1",
                        "--blobPort", String.valueOf(port), "--location", location.toString(), "--disableTelemetry",
                        "--skipApiVersionCheck", "--silent"),
                location, Map.of("AZURITE_ACCOUNTS", ACCOUNT + ":" + accountKey(dataDir)), location.resolve("azurite.log"));
        return process.awaitReady(() -> Probes.portOpen("127.0.0.1", port), Duration.ofSeconds(60));
    }

    public static String blobEndpoint(int port) {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    static Path installed() {
        Path prefix = Cache.dir().resolve("azurite-" + VERSION);
        return Cache.locked("azurite-" + VERSION, () -> {
            if (Files.exists(prefix.resolve("node_modules/.bin/azurite-blob"))) {
                return prefix;
            }
            try {
                Files.createDirectories(prefix);
                Path log = prefix.resolve("npm-install.log");
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix",
                        prefix.toString(), "azurite@" + VERSION)
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (npm.waitFor() != 0) {
                    throw new IllegalStateException("npm install azurite@" + VERSION + " failed:\n" + LogTail.of(log, 20));
                }
                return prefix;
            } catch (IOException e) {
                throw new IllegalStateException("Azurite needs Node.js and npm on the PATH (install Node 18+): "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while installing Azurite", e);
            }
        });
    }
}
