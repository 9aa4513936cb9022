/** How the edge keeps its clients' kept-alive connections working. */
package io.aegisml.edge.connections;
