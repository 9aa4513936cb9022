/**
 * An Azure AD-compatible authority in front of Keycloak, so that Azure's own client libraries (adal,
 * msal, azure-identity) get Aegis ML tokens with only their authority changed: the v1 and v2 token
 * endpoints, the discovery documents they read, the user-realm lookup of the password flow, device
 * code, and the cloud metadata document private Azure clouds publish. The tokens are Keycloak's own —
 * this package translates the protocol and its errors, it mints nothing.
 */
package io.aegisml.identity.authority;
