/**
 * One picocli class per subcommand, and the option groups they share; the composition root that puts store, pipeline, analytics, offers and server together.
 */
package org.rapport.cli.command;
