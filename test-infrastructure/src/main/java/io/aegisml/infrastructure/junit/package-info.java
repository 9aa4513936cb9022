/** The JUnit 5 extension that gives integration tests one shared, real infrastructure per test run. */
package io.aegisml.infrastructure.junit;
