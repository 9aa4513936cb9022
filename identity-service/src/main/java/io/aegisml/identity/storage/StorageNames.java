package io.aegisml.identity.storage;

import io.aegisml.security.web.ResourceNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Azure's naming rules for accounts, containers and blobs, and the resource ids they make. */
final class StorageNames {

    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    /** Azure allows more (any path); one segment of safe characters keeps URLs and logs unambiguous. */
    private static final Pattern BLOB = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,255}");

    private StorageNames() {
    }

    static String accountId(String sub, String rg, String account) {
        return "/subscriptions/" + ResourceNames.require("subscription", sub) + "/resourceGroups/"
                + ResourceNames.require("resource group", rg) + "/storageAccounts/" + account(account);
    }

    static String containerId(String sub, String rg, String account, String container) {
        return accountId(sub, rg, account) + "/containers/" + container(container);
    }

    static String account(String name) {
        return require(ACCOUNT, name, "storage account", "3-24 lowercase letters and digits");
    }

    static String container(String name) {
        return require(CONTAINER, name, "container", "3-63 lowercase letters, digits and single hyphens, "
                + "starting and ending with a letter or digit");
    }

    static String blob(String name) {
        return require(BLOB, name, "blob", "1-256 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    /**
     * The blob container behind an Aegis container: a hash of its resource id, so that two Aegis
     * containers never share one, and a container SAS opens exactly one of them.
     */
    static String blobContainerOf(String containerId) {
        return "aegis-" + sha256(containerId.toLowerCase(Locale.ROOT)).substring(0, 40);
    }

    /**
     * A workspace's default storage account: letters and digits of its name, then a hash of its id,
     * deterministic so that deleting and re-creating the workspace finds the same account.
     */
    static String defaultAccountName(String workspaceName, String workspaceId) {
        String letters = workspaceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return letters.substring(0, Math.min(14, letters.length())) + sha256(workspaceId.toLowerCase(Locale.ROOT))
                .substring(0, 10);
    }

    private static String require(Pattern pattern, String value, String what, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            String shown = value == null ? "" : value.length() > 70 ? value.substring(0, 70) + "..." : value;
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Invalid " + what + " name '" + shown
                    + "': use " + rule + ".");
        }
        return value;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
