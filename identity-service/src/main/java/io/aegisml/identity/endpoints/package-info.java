/** Reactions to the endpoint lifecycle: system-assigned identities, endpoint auth modes. */
package io.aegisml.identity.endpoints;
