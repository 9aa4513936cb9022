/**
 * Service principals, as {@code az ad sp create-for-rbac}: a confidential client of the identity
 * provider whose secret is shown once and kept only by the identity provider.
 */
package io.aegisml.identity.principals;
