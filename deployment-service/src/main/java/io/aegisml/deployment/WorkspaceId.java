package io.aegisml.deployment;

import io.aegisml.security.web.ResourceNames;

/** A workspace's resource id, from validated path segments: everything else hangs below it. */
public record WorkspaceId(String subscription, String resourceGroup, String workspace) {

    public WorkspaceId {
        ResourceNames.require("subscription", subscription);
        ResourceNames.require("resource group", resourceGroup);
        ResourceNames.require("workspace", workspace);
    }

    public String id() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/workspaces/" + workspace;
    }

    public String modelVersion(String name, String version) {
        return id() + "/models/" + ResourceNames.require("model", name) + "/versions/"
                + ResourceNames.require("model version", version);
    }

    public String codeVersion(String name, String version) {
        return id() + "/codes/" + ResourceNames.require("code", name) + "/versions/"
                + ResourceNames.require("code version", version);
    }

    public String environmentVersion(String name, String version) {
        return id() + "/environments/" + ResourceNames.require("environment", name) + "/versions/"
                + ResourceNames.require("environment version", version);
    }

    public String endpoint(String name) {
        return id() + "/onlineEndpoints/" + ResourceNames.require("endpoint", name);
    }

    public String deployment(String endpoint, String name) {
        return endpoint(endpoint) + "/deployments/" + ResourceNames.require("deployment", name);
    }
}
