/** Adapter: service principals are confidential clients of the Keycloak realm, managed with keycloak-admin-client. */
package io.aegisml.identity.keycloak;
