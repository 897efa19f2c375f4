package org.rapport.store.ingest;

import java.nio.file.Path;
import java.util.Locale;

import org.rapport.store.RapportStore;

/**
 * A separate JVM that ingests a file and prints its progress, one line per update
 * ({@code STAGE fraction}), so that {@link AtomicityTest} can kill it mid-load.
 */
public final class IngestChild {
    private IngestChild() {
    }

    /**
     * @param args the database file, the transactions file and optionally {@code hang}: after the load,
     *     wait to be killed
     */
    public static void main(String[] args) throws InterruptedException {
        try (RapportStore store = RapportStore.open(Path.of(args[0]))) {
            System.out.println("OPEN");
            System.out.flush();
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, Path.of(args[1]), IngestOptions.defaults(),
                    (stage, fraction, rows) -> {
                        System.out.println(String.format(Locale.ROOT, "%s %.3f", stage, fraction));
                        System.out.flush();
                    });
            System.out.println("FINISHED " + r.rowsLoaded());
            System.out.flush();
            if (args.length > 2 && args[2].equals("hang")) {
                // Wait to be killed with the load committed but not checkpointed.
                Thread.sleep(600_000);
            }
        }
    }
}
