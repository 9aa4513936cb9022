/**
 * A deployment runtime's managed identity: its {@code MSI_ENDPOINT} and {@code MSI_SECRET}, the
 * tokens behind them (asked of identity-service with scoring-service's own client credentials), and
 * the init step that uses them, as seed 000's scoring script does, to read a file from storage through
 * a SAS, never an account key.
 */
package io.aegisml.scoring.identity;
