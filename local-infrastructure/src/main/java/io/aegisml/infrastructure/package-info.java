/**
 * Real Kafka, PostgreSQL, Keycloak and Azurite, started as local processes from Maven Central and
 * npm artifacts (no Docker engine needed), or as Testcontainers where Docker exists. Used by the
 * integration tests ({@code junit}) and by the devstack.
 */
package io.aegisml.infrastructure;
