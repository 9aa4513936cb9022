/** Secrets at rest: sealed with the platform's key-encryption key, so a copy of a database opens nothing. */
package io.aegisml.security.sealing;
