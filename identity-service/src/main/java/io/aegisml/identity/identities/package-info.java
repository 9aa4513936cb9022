/**
 * User-assigned managed identities: standalone resources under a resource group with a client id and
 * a principal id, given nothing until someone assigns them roles, and surviving the endpoints they are
 * attached to.
 */
package io.aegisml.identity.identities;
