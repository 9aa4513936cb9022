/** Request telemetry: one record per score request on aegis.scoring.requests. */
package io.aegisml.scoring.telemetry;
