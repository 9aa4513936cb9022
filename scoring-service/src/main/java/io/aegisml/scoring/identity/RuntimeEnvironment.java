package io.aegisml.scoring.identity;

import io.aegisml.scoring.catalog.DeploymentSpec;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The environment a deployment's runtime sees: its {@code environment_variables}, plus what the platform
 * adds, as Azure does: {@code MSI_ENDPOINT} and a fresh {@code MSI_SECRET}, and where to exchange a
 * storage token for a SAS ({@code AEGIS_SAS_ENDPOINT}) and where blobs are read with one ({@code AEGIS_BLOB_ENDPOINT}).
 * Never logged: it holds the secret.
 */
@Component
public class RuntimeEnvironment {

    private final MsiSecrets secrets;
    private final String msiEndpoint;
    private final String sasEndpoint;
    private final String blobEndpoint;
    /** identity-service's blob reads with a managed identity's token (path-style: /{account}/{container}/{blob}). */
    public static final String BLOB_PATH = "/internal/storage/blobs";

    RuntimeEnvironment(MsiSecrets secrets, @Value("${aegis.runtime.msi-endpoint}") String msiEndpoint,
                       @Value("${aegis.runtime.identity-url}") String identityUrl) {
        this.secrets = secrets;
        this.msiEndpoint = msiEndpoint;
        this.sasEndpoint = identityUrl + "/internal/storage/sas";
        this.blobEndpoint = identityUrl + BLOB_PATH;
    }

    public Map<String, String> of(DeploymentSpec spec) {
        Map<String, String> environment = new HashMap<>(spec.environmentVariables());
        String secret = secrets.issue(spec.id(), spec.endpointId());
        environment.put("MSI_ENDPOINT", msiEndpoint);
        environment.put("MSI_SECRET", secret);
        // App Service's newer protocol (2019-08-01), which azure-identity's ManagedIdentityCredential tries first.
        environment.put("IDENTITY_ENDPOINT", msiEndpoint);
        environment.put("IDENTITY_HEADER", secret);
        environment.put("AEGIS_SAS_ENDPOINT", sasEndpoint);
        environment.put("AEGIS_BLOB_ENDPOINT", blobEndpoint);
        return environment;
    }

    /** The deployment is gone: its secret opens nothing any more. */
    public void revoke(String deploymentId) {
        secrets.revoke(deploymentId);
    }
}
