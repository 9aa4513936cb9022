/** Every request gets one id at the edge, so a user's error report can be followed through every service. */
package io.aegisml.edge.requestid;
