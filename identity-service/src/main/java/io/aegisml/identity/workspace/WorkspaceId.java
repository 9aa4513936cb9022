package io.aegisml.identity.workspace;

import java.util.regex.Pattern;

/** The parts of {@code /subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}}, validated. */
record WorkspaceId(String subscriptionId, String resourceGroup, String name) {

    /** Azure-like names: letters, digits, '-', '_', '.', starting with a letter or digit, at most 64. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    WorkspaceId {
        requireName("subscription", subscriptionId);
        requireName("resource group", resourceGroup);
        requireName("workspace", name);
    }

    String resourceId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/workspaces/" + name;
    }

    String resourceGroupId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup;
    }

    private static void requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidWorkspaceRequest("Invalid " + what + " name '" + abbreviate(value)
                    + "': use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }
    }

    private static String abbreviate(String value) {
        return value == null ? "" : value.length() > 70 ? value.substring(0, 70) + "..." : value;
    }
}
