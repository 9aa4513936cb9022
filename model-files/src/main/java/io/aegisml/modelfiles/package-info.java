/** Model files are untrusted data: the checks a file passes before the platform stores or loads it. */
package io.aegisml.modelfiles;
