/** Reading Azure-style endpoint and deployment documents, sent as JSON or YAML. */
package io.aegisml.deployment.documents;
