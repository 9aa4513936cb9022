package io.aegisml.scoring.catalog;

/** Told of every deployment change the catalog reads: the runtime loads and unloads models. */
public interface DeploymentListener {

    void deploymentChanged(DeploymentSpec spec);

    void deploymentDeleted(String deploymentId);
}
