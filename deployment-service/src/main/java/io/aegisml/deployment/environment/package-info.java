/** Environment versions (Azure's environments): an image's name and a conda file, for deployments' scoring scripts. */
package io.aegisml.deployment.environment;
