/**
 * The data plane's own front door: a lean Netty HTTP/1.1 listener (keep-alive, TCP_NODELAY) that serves the
 * score, Open Inference Protocol v2 and health routes and hands each request to
 * {@link io.aegisml.scoring.api.ScoringService}. No Spring MVC, no gateway hop and no filter chain on this path;
 * the body is not read until the scoring logic has authenticated the caller.
 */
package io.aegisml.scoring.dataplane;
