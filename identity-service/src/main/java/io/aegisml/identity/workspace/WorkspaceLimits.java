package io.aegisml.identity.workspace;

import java.util.Map;

/** Azure's limits on descriptions and tags, so one request cannot store unbounded data. */
final class WorkspaceLimits {

    private WorkspaceLimits() {
    }

    /** PostgreSQL refuses NUL in text, and control characters have no business in names shown to people. */
    private static void requirePrintable(String what, String value) {
        if (value != null && value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new InvalidWorkspaceRequest(what + " must not contain control characters.");
        }
    }

    /**
     * Azure's values, in any case; null when absent, which keeps what is stored (Azure's default, {@code Enabled},
     * for a new workspace): a PUT that only changes tags must not reopen a closed workspace.
     */
    static String networkAccess(String value) {
        if (value == null) {
            return null;
        }
        for (String known : Workspace.NETWORK_ACCESS) {
            if (known.equalsIgnoreCase(value)) {
                return known;
            }
        }
        throw new InvalidWorkspaceRequest("publicNetworkAccess must be Enabled or Disabled.");
    }

    static void check(String description, Map<String, String> tags) {
        if (description != null && description.length() > 1024) {
            throw new InvalidWorkspaceRequest("description is longer than 1024 characters.");
        }
        requirePrintable("description", description);
        if (tags == null) {
            return;
        }
        if (tags.size() > 50) {
            throw new InvalidWorkspaceRequest("At most 50 tags are allowed.");
        }
        tags.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > 512) {
                throw new InvalidWorkspaceRequest("Tag names must be 1-512 characters.");
            }
            if (value == null || value.length() > 256) {
                throw new InvalidWorkspaceRequest("Tag '" + key + "' must have a value of at most 256 characters.");
            }
            requirePrintable("tag names", key);
            requirePrintable("tag values", value);
        });
    }
}
