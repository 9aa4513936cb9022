/** Per-endpoint and per-deployment request metrics from the scoring telemetry. */
package io.aegisml.audit.metrics;
