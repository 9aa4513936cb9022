/** The model registry: versions of ONNX models, their files in blob storage. */
package io.aegisml.deployment.model;
