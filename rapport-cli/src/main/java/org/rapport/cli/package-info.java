/**
 * The {@code rapport} command: its entry point and the mapping of failures to exit codes (README, "CLI reference").
 */
package org.rapport.cli;
