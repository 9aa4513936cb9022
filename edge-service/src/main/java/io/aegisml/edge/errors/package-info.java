/** Every failure at the edge answers in the services' JSON error shape, never HTML or a stack trace. */
package io.aegisml.edge.errors;
