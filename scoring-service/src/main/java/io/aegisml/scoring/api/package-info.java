/** The scoring API: Azure's score format and Open Inference Protocol v2, with key and token auth. */
package io.aegisml.scoring.api;
