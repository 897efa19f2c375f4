/**
 * The CLI's input and output: files of sufficient statistics for {@code fit}, analysis inputs from a folder, progress bars and tables.
 */
package org.rapport.cli.io;
