/** Code versions (Azure's code assets): the zipped code folder a deployment's scoring script comes from. */
package io.aegisml.deployment.code;
