package org.rapport.cli.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rapport.store.ingest.Kind;

/**
 * The files one {@code rapport analyze} run loads: a transaction file alone, or a folder holding
 * {@code transactions.csv} (or {@code .parquet}, {@code .csv.gz}) and, when present, the other kinds
 * under their table names ({@code customers.csv}, {@code products.csv}, {@code life_events.csv},
 * {@code interactions.csv}, {@code prospects.csv}, {@code feedback.csv}, {@code household_links.csv}, {@code memberships.csv})
 * — the layout {@code rapport simulate} writes. Files named on the command line win over the folder's.
 */
public final class AnalysisInputs {
    private static final List<String> EXTENSIONS = List.of(".csv", ".parquet", ".csv.gz", ".tsv", ".txt");

    private AnalysisInputs() {
    }

    /**
     * @param input a transaction file or a folder
     * @param named files given by option, by kind (may be empty)
     * @return the files to load, transactions first, in {@link Kind} order
     * @throws InputException if a file or the folder's transaction file is missing
     */
    public static Map<Kind, Path> resolve(Path input, Map<Kind, Path> named) {
        Map<Kind, Path> files = new EnumMap<>(Kind.class);
        if (Files.isDirectory(input)) {
            for (Kind k : Kind.values()) {
                for (String ext : EXTENSIONS) {
                    Path p = input.resolve(k.table() + ext);
                    if (Files.isRegularFile(p)) {
                        files.put(k, p);
                        break;
                    }
                }
            }
            if (!files.containsKey(Kind.TRANSACTIONS) && !named.containsKey(Kind.TRANSACTIONS)) {
                throw new InputException(input, "the folder has no transaction file; expected one of "
                        + String.join(", ", EXTENSIONS.stream().map(e -> "transactions" + e).toList()));
            }
        } else if (Files.isRegularFile(input)) {
            files.put(Kind.TRANSACTIONS, input);
        } else {
            throw new InputException(input, "no such file or folder");
        }
        for (Map.Entry<Kind, Path> e : named.entrySet()) {
            if (!Files.isRegularFile(e.getValue())) {
                throw new InputException(e.getValue(), "no such file (given as the " + e.getKey().table() + " file)");
            }
            files.put(e.getKey(), e.getValue());
        }
        return files;
    }

    /**
     * @param files resolved files
     * @return a one-line description, e.g. {@code transactions.csv + customers, products}
     */
    public static String describe(Map<Kind, Path> files) {
        List<String> others = new ArrayList<>();
        for (Kind k : files.keySet()) {
            if (k != Kind.TRANSACTIONS) {
                others.add(k.table());
            }
        }
        String t = String.valueOf(files.get(Kind.TRANSACTIONS));
        return others.isEmpty() ? t : t + " + " + String.join(", ", others);
    }
}
