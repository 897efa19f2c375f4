package org.rapport.cli.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the numeric CSV files of {@code rapport fit}: a header row, then one row per customer (or per
 * distinct pattern with a count). Columns are found by name, case-insensitively, with the names that
 * peers use as aliases; extra columns are ignored. Every value is checked, and the first bad one is
 * reported as {@code FILE:LINE: field 'NAME': ...}.
 */
public final class FitInput implements AutoCloseable {
    private final Path file;
    private final CSVParser parser;
    private final Map<String, Integer> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> header;

    private FitInput(Path file, CSVParser parser) {
        this.file = file;
        this.parser = parser;
        this.header = parser.getHeaderNames();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).trim(), i);
        }
    }

    /**
     * Opens a CSV file with a header row.
     *
     * @param file the file
     * @return the reader
     * @throws InputException if the file is missing, unreadable or empty
     */
    public static FitInput open(Path file) {
        try {
            Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true).setTrim(true).get().parse(reader);
            if (p.getHeaderNames().isEmpty()) {
                p.close();
                throw new InputException(file, "the file is empty: expected a header row");
            }
            return new FitInput(file, p);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Finds a column by any of its names.
     *
     * @param required whether a missing column is an error
     * @param names the accepted names, the canonical one first
     * @return the column, or {@code null} if absent and not required
     */
    public Column column(boolean required, String... names) {
        for (String n : names) {
            Integer i = columns.get(n);
            if (i != null) {
                return new Column(header.get(i).trim(), i);
            }
        }
        if (required) {
            StringBuilder want = new StringBuilder("'" + names[0] + "'");
            for (int k = 1; k < names.length; k++) {
                want.append(" (or '").append(names[k]).append("')");
            }
            throw new InputException(file, "missing column " + want + "; columns are " + header);
        }
        return null;
    }

    /** @return the rows, each with its physical line number */
    public Iterable<Row> rows() {
        return () -> new java.util.Iterator<>() {
            private final java.util.Iterator<CSVRecord> it = parser.iterator();

            @Override
            public boolean hasNext() {
                try {
                    return it.hasNext();
                } catch (java.io.UncheckedIOException | IllegalStateException e) {
                    throw new InputException(file, parser.getCurrentLineNumber() + ": " + e.getMessage());
                }
            }

            @Override
            public Row next() {
                CSVRecord rec = it.next();
                return new Row(rec, parser.getCurrentLineNumber());
            }
        };
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A located column.
     *
     * @param name the name as written in the header
     * @param index its position
     */
    public record Column(String name, int index) {
    }

    /** One data row with its line number. */
    public final class Row {
        private final CSVRecord record;
        private final long line;

        private Row(CSVRecord record, long line) {
            this.record = record;
            this.line = line;
        }

        /** @return the 1-based physical line of this row */
        public long line() {
            return line;
        }

        /**
         * @param c the column
         * @return its value as a finite number
         * @throws InputException if it is missing, not a number or not finite
         */
        public double number(Column c) {
            String s = c.index() < record.size() ? record.get(c.index()) : "";
            if (s.isEmpty()) {
                throw error(c, "is empty; expected a number");
            }
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw error(c, "'" + s + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw error(c, "'" + s + "' is not a finite number");
            }
            return v;
        }

        /**
         * @param c the column
         * @return its value, a finite number &ge; 0
         */
        public double nonNegative(Column c) {
            double v = number(c);
            if (v < 0) {
                throw error(c, fmt(v) + " is negative");
            }
            return v;
        }

        /**
         * @param c the column
         * @return its value, a whole number &ge; 0
         */
        public double count(Column c) {
            double v = nonNegative(c);
            if (v != Math.rint(v)) {
                throw error(c, fmt(v) + " is not a whole number");
            }
            return v;
        }

        /**
         * @param c the column the message is about
         * @param message what is wrong
         * @return the exception to throw
         */
        public InputException error(Column c, String message) {
            return new InputException(file, line, c.name(), message);
        }
    }

    /** @param v a number @return it without a trailing {@code .0} */
    public static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /** @return the file being read */
    public Path file() {
        return file;
    }

    /** @return the header names */
    public List<String> header() {
        return new ArrayList<>(header);
    }
}
