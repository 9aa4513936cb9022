/**
 * The activity log: one entry per control-plane operation (who, what, when, on which scope, with
 * what result), recorded once per event id and chained by hash so that tampering shows.
 */
package io.aegisml.audit.activity;
