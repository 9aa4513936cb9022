/**
 * Test support only: the JUnit 5 extension that gives integration tests one shared, real infrastructure
 * per test run. {@code ./aegis up} never touches this package (its JUnit dependency is optional and not
 * on the launcher's class path).
 */
package io.aegisml.infrastructure.testing;
