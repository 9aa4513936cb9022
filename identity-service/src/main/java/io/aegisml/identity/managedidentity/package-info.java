/**
 * Managed identities at run time: tokens for a deployment's identity, issued to scoring-service (the
 * runtime's MSI endpoint) and exchanged by the runtime for a read-only SAS of one container, once the
 * identity's role assignments allow it. No account key or stored secret reaches a deployment.
 */
package io.aegisml.identity.managedidentity;
