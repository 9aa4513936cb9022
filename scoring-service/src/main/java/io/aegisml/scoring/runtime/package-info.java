/** Loading deployments' models into ONNX Runtime and running them within their limits. */
package io.aegisml.scoring.runtime;
