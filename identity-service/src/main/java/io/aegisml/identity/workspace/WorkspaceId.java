package io.aegisml.identity.workspace;

import io.aegisml.security.web.ResourceNames;

/** The parts of {@code /subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}}, validated. */
record WorkspaceId(String subscriptionId, String resourceGroup, String name) {

    WorkspaceId {
        ResourceNames.require("subscription", subscriptionId);
        ResourceNames.require("resource group", resourceGroup);
        ResourceNames.require("workspace", name);
    }

    String resourceId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/workspaces/" + name;
    }
}
