/** What is served: endpoints and deployments, materialized from aegis.deployment.events. */
package io.aegisml.scoring.catalog;
