/**
 * Which service answers which path. The routes themselves are data ({@code application.yml}); this
 * package only turns an unreachable service into a 503 a client can act on.
 */
package io.aegisml.edge.routing;
