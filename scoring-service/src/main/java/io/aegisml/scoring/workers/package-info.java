/**
 * Deployments with {@code code_configuration}: the user's {@code score.py} run by Python worker processes, one per
 * instance, each sandboxed (an OS user of its own when the stack runs as root, a network namespace with nothing in
 * it but a bridge to its managed identity, resource limits) and spoken to over a Unix socket (see
 * {@link io.aegisml.scoring.workers.WorkerFrames}).
 */
package io.aegisml.scoring.workers;
