package io.aegisml.deployment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Models, online endpoints, deployments, traffic and endpoint keys (control plane). Its API arrives with the endpoints capability; for now it runs, migrates its database and streams its outbox. */
@SpringBootApplication
public class DeploymentApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeploymentApplication.class, args);
    }
}
