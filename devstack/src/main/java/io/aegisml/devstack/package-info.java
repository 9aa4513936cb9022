/** The whole stack on one machine without Docker: infrastructure as local processes, then the five services. */
package io.aegisml.devstack;
