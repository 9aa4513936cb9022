/**
 * What every service's HTTP side needs to be safe: strict token validation ({@code token}) and
 * request hygiene — request ids, JSON errors without stack traces ({@code web}).
 */
package io.aegisml.security;
