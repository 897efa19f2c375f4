package org.rapport.store;

import java.nio.file.Path;
import java.util.Locale;

/** A file format the store reads (ingest) and writes (export), both through DuckDB's built-in readers. */
public enum FileFormat {
    /** Delimited text; the dialect (delimiter, quote, header) is set by the ingest options. */
    CSV,
    /** Apache Parquet, typed and columnar. */
    PARQUET;

    /**
     * The format a file name implies: {@code .parquet} and {@code .pq} are Parquet, everything else
     * (including {@code .csv.gz}, {@code .txt}, {@code .tsv}) is CSV.
     *
     * @param file a file name or path
     * @return the format its extension implies
     */
    public static FileFormat fromFileName(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".parquet") || n.endsWith(".pq") ? PARQUET : CSV;
    }
}
