package io.aegisml.deployment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Models, online endpoints, deployments, traffic and endpoint keys: the control plane of model serving. */
@SpringBootApplication
public class DeploymentApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeploymentApplication.class, args);
    }
}
