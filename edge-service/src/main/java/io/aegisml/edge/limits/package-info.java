/** Body size limits, so one client cannot make the edge or a service buffer an unbounded request. */
package io.aegisml.edge.limits;
