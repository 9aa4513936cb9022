/** Which networks may reach a resource: address ranges written in CIDR notation. */
package io.aegisml.security.network;
