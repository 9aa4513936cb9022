/**
 * The edge: the one address users call. It routes to the services, gives every request an id,
 * bounds bodies and turns away bad tokens before they reach a service.
 */
package io.aegisml.edge;
