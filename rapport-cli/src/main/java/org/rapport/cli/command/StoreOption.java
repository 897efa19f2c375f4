package org.rapport.cli.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rapport.cli.io.InputException;
import org.rapport.store.RapportStore;
import picocli.CommandLine.Option;

/**
 * The {@code --db} option every command on the store shares. Only the commands that load data
 * ({@code ingest}, {@code analyze}, {@code demo}) create a store; every other command needs one that
 * exists, so a mistyped path fails with a hint instead of leaving an empty database behind.
 */
public final class StoreOption {
    @Option(names = "--db", paramLabel = "PATH", defaultValue = "rapport.duckdb",
            description = "The DuckDB database file (default: ${DEFAULT-VALUE}).")
    Path db;

    /** @return the database file; its folder is created if missing (for the commands that load data) */
    public Path db() {
        Path parent = db.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder of the database " + db, e);
            }
        }
        return db;
    }

    /**
     * Opens the store for a command that loads data, creating it (and its folder) if missing.
     *
     * @return the open store
     */
    public RapportStore openOrCreate() {
        return announce(RapportStore.open(db()));
    }

    /**
     * Opens a store that must exist.
     *
     * @return the open store
     * @throws InputException (exit code 2) when there is no store at the path
     */
    public RapportStore openExisting() {
        if (!Files.isRegularFile(db)) {
            throw new InputException(db, "there is no Rapport store here: load data first with `rapport analyze FILE --db "
                    + db + "` (or `rapport ingest`), or give the path of an existing store with --db");
        }
        return announce(RapportStore.open(db));
    }

    private static RapportStore announce(RapportStore s) {
        s.recoveredAtOpen().ifPresent(r -> System.err.println("rapport: " + r.message()));
        return s;
    }
}
