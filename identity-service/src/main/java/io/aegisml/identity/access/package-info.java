/**
 * Role assignments, custom role definitions and the access check: who may do what, where. Every
 * change is an event the other services materialize to enforce it.
 */
package io.aegisml.identity.access;
