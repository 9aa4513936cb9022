package io.aegisml.cli.ml;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local files a deployment's YAML names, uploaded as {@code az ml} does before it sends the deployment: the
 * {@code code_configuration.code} folder as a code version, an inline {@code model: {path: ...}} as a model
 * version. Paths are relative to the YAML file. Each is named after its content's hash, so sending the same
 * folder again reuses the version instead of making a new one.
 */
final class LocalAssets {

    private final ApiClient api;
    private final Session session;
    private final String workspacePath;
    private final Path base;
    private final Path yamlFile;

    LocalAssets(ApiClient api, Session session, String workspacePath, Path yamlFile) {
        this.yamlFile = yamlFile;
        this.api = api;
        this.session = session;
        this.workspacePath = workspacePath;
        this.base = yamlFile == null ? Path.of("") : yamlFile.toAbsolutePath().getParent();
    }

    /** Replaces local paths in the document by the versions they were uploaded as. */
    void upload(ObjectNode document) {
        if (document.get("code_configuration") instanceof ObjectNode code && code.get("code") != null
                && code.get("code").isString() && isLocal(code.get("code").asString())) {
            Path folder = base.resolve(code.get("code").asString()).normalize();
            if (!Files.isDirectory(folder)) {
                throw new CliError(2, "code_configuration.code: " + folder + " is not a folder.");
            }
            byte[] zip = zip(folder);
            String name = "code-" + sha256(zip).substring(0, 16);
            ensure(workspacePath + "/codes/" + name + "/versions/1", zip);
            System.err.println("Uploaded code " + folder + " as code version " + name + ":1");
            code.put("code", "azureml:" + name + ":1");
        }
        if (document.get("environment") instanceof ObjectNode environment) {
            inlineCondaFile(environment, yamlFile);
        }
        JsonNode model = document.get("model");
        if (model instanceof ObjectNode inline && inline.get("path") != null) {
            Path path = base.resolve(inline.get("path").asString()).normalize();
            Upload upload = Upload.of(path, inline.path("type").asString(null));
            String name = "anonymous-" + sha256(upload.body()).substring(0, 16);
            ensure(workspacePath + "/models/" + name + "/versions/1" + upload.query(), upload.body());
            System.err.println("Uploaded model " + path + " as model version " + name + ":1");
            document.put("model", "azureml:" + name + ":1");
        }
    }

    /** An environment's {@code conda_file: PATH} (relative to its YAML) replaced by the file's content, as az sends it. */
    static void inlineCondaFile(ObjectNode environment, Path yamlFile) {
        JsonNode conda = environment.get("conda_file");
        if (conda == null || !conda.isString()) {
            return;
        }
        Path base = yamlFile == null ? Path.of("") : yamlFile.toAbsolutePath().getParent();
        Path path = base.resolve(conda.asString()).normalize();
        environment.set("conda_file", io.aegisml.cli.api.Documents.load(path, null));
    }

    /** A file or folder as the model registry takes it: ONNX as is; anything else a custom_model, a folder zipped. */
    record Upload(byte[] body, String query) {
        static Upload of(Path path, String type) {
            boolean folder = Files.isDirectory(path);
            if (!folder && !Files.isRegularFile(path)) {
                throw new CliError(2, "Cannot read " + path + ": no such file or folder.");
            }
            String fileName = path.getFileName().toString();
            boolean onnx = type == null ? !folder && fileName.endsWith(".onnx") : type.equals("onnx");
            if (onnx && folder) {
                throw new CliError(2, "An ONNX model is one .onnx file; " + path + " is a folder (use --type custom_model).");
            }
            try {
                byte[] body = folder ? zip(path) : Files.readAllBytes(path);
                String query = onnx ? "" : "?type=custom_model&folder=" + folder + "&path="
                        + java.net.URLEncoder.encode(fileName, java.nio.charset.StandardCharsets.UTF_8);
                return new Upload(body, query);
            } catch (IOException e) {
                throw new CliError(2, "Cannot read " + path + ": " + e.getMessage());
            }
        }
    }

    /**
     * Registers the version, or finds it registered already — with the same content: a name is only a hash's prefix,
     * and someone else in the workspace could have registered other content under it first.
     */
    private void ensure(String path, byte[] body) {
        ApiClient.Response response = ApiClient.send("PUT", session.url() + path, body, "application/octet-stream",
                Map.of(), "Bearer " + api.accessToken());
        if (response.status() == 409) {
            String registered = api.get(path.replaceAll("\\?.*", "")).path("sha256").asString("");
            if (!registered.equals(sha256(body))) {
                throw new CliError(CliError.REFUSED, path.replaceAll("\\?.*", "") + " is registered already with other "
                        + "content (sha256 " + registered + "); not using it.");
            }
            return;
        }
        ApiClient.check(response);
    }

    private static boolean isLocal(String reference) {
        return !reference.startsWith("azureml:") && !reference.startsWith("/subscriptions/");
    }

    /**
     * The folder as a zip whose bytes depend only on the files' names and contents (sorted, no times), so that the
     * same folder always has the same hash.
     */
    static byte[] zip(Path folder) {
        try (var walk = Files.walk(folder)) {
            // Links are not followed: a folder's zip holds the folder's own files, nothing a link points at.
            List<Path> files = walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !folder.relativize(p).toString().contains("__pycache__")).sorted().toList();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (Path file : files) {
                    ZipEntry entry = new ZipEntry(folder.relativize(file).toString().replace('\\', '/'));
                    entry.setTime(0);
                    zip.putNextEntry(entry);
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
