/**
 * The directory: every principal a role can be assigned to — users, service principals, managed
 * identities — found by object id, by client id (appId) or by user name, as {@code az}'s
 * {@code --assignee} finds them through Microsoft Graph.
 */
package io.aegisml.identity.directory;
