/**
 * Online endpoints and deployments: their documents, keys, traffic, and the provisioning saga with
 * scoring-service.
 */
package io.aegisml.deployment.endpoint;
