/**
 * The first token check: a forged or stale token never reaches a service (each service checks it
 * again; the edge is one layer, not the only one).
 */
package io.aegisml.edge.tokens;
