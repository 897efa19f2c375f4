package org.rapport.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option every command on the store shares. */
public final class StoreOption {
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "rapport.duckdb",
            description = "The DuckDB database file (default: ${DEFAULT-VALUE}); created if missing.")
    Path db;

    /** @return the database file; its folder is created if missing */
    public Path db() {
        Path parent = db.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            try {
                java.nio.file.Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create the folder of the database " + db, e);
            }
        }
        return db;
    }
}
