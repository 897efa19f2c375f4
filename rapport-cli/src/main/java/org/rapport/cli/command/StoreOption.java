package org.rapport.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option every command on the store shares. */
public final class StoreOption {
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "rapport.duckdb",
            description = "The DuckDB database file (default: ${DEFAULT-VALUE}); created if missing.")
    Path db;

    /** @return the database file */
    public Path db() {
        return db;
    }
}
