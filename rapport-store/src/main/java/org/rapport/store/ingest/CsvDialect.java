package org.rapport.store.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The dialect of a delimited file and its column names, decided from the options and the first 64 KiB.
 * Every parameter is passed to DuckDB explicitly (nothing is left to its sniffer), so that
 * {@link RecordScanner} splits records exactly as DuckDB does.
 */
final class CsvDialect {
    static final int SAMPLE_BYTES = 1 << 16;
    private static final char[] CANDIDATES = {',', '\t', ';', '|'};

    /** Fields are runs of non-blank characters ({@link IngestOptions#WHITESPACE}). */
    final boolean whitespace;
    /** The delimiter when not {@link #whitespace}. */
    final char delimiter;
    /** The quote, or {@code null}. */
    final Character quote;
    /** The escape inside quotes, or {@code null}. */
    final Character escape;
    final boolean header;
    final boolean gzip;
    /** Column names from the header, or {@code column1..N}. */
    final List<String> columns;

    private CsvDialect(boolean whitespace, char delimiter, Character quote, Character escape, boolean header,
            boolean gzip, List<String> columns) {
        this.whitespace = whitespace;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
        this.header = header;
        this.gzip = gzip;
        this.columns = columns;
    }

    static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream in = Files.newInputStream(file);
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static CsvDialect detect(Path file, IngestOptions o, String label) {
        boolean gzip = isGzip(file);
        byte[] sample;
        boolean truncated;
        try (InputStream in = open(file, gzip)) {
            sample = in.readNBytes(SAMPLE_BYTES);
            truncated = in.read() >= 0;
        } catch (IOException e) {
            throw new IngestException(e, IngestException.UNREADABLE, label, e.getMessage());
        }
        int start = sample.length >= 3 && (sample[0] & 0xff) == 0xEF && (sample[1] & 0xff) == 0xBB
                && (sample[2] & 0xff) == 0xBF ? 3 : 0;
        String text = new String(sample, start, sample.length - start, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new IngestException(IngestException.EMPTY_FILE, label);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n|\n|\r", -1)));
        if (truncated || lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IngestException(IngestException.EMPTY_HEADER, label);
        }
        Character quote = o.quote();
        Character escape = o.escape();
        String d = o.delimiter();
        if (d == null) {
            d = guessDelimiter(lines, quote);
        }
        boolean ws = IngestOptions.WHITESPACE.equals(d);
        char delim = ws ? ' ' : d.charAt(0);
        List<String> first = ws ? List.of(lines.get(0).strip().split("[ \t]+"))
                : firstRecord(text, delim, quote, escape);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            String n = first.get(i).strip();
            names.add(!o.header() || n.isEmpty() ? "column" + (i + 1) : n);
        }
        return new CsvDialect(ws, delim, ws ? null : quote, ws ? null : escape, o.header(), gzip, List.copyOf(names));
    }

    /**
     * The candidate that occurs the same, non-zero number of times (outside quotes) on every sampled line;
     * if several do, the most frequent. Without one: the most frequent on the first line, else
     * whitespace when the first line has several words, else a comma (a one-column file).
     */
    private static String guessDelimiter(List<String> lines, Character quote) {
        List<String> sample = lines.stream().filter(l -> !l.isBlank()).limit(50).toList();
        char best = 0;
        int bestCount = 0;
        char firstLineBest = 0;
        int firstLineCount = 0;
        for (char c : CANDIDATES) {
            int n0 = count(sample.get(0), c, quote);
            if (n0 > firstLineCount) {
                firstLineBest = c;
                firstLineCount = n0;
            }
            boolean same = n0 > 0;
            for (int i = 1; same && i < sample.size(); i++) {
                same = count(sample.get(i), c, quote) == n0;
            }
            if (same && n0 > bestCount) {
                best = c;
                bestCount = n0;
            }
        }
        if (best != 0) {
            return String.valueOf(best);
        }
        if (firstLineBest != 0) {
            return String.valueOf(firstLineBest);
        }
        return sample.get(0).strip().split("[ \t]+").length > 1 ? IngestOptions.WHITESPACE : ",";
    }

    private static int count(String line, char c, Character quote) {
        int n = 0;
        boolean inQuote = false;
        for (int i = 0; i < line.length(); i++) {
            char x = line.charAt(i);
            if (quote != null && x == quote) {
                inQuote = !inQuote;
            } else if (x == c && !inQuote) {
                n++;
            }
        }
        return n;
    }

    /** The fields of the first record, with quotes removed; a quoted field may span lines. */
    static List<String> firstRecord(String text, char delim, Character quote, Character escape) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean inQuote = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuote) {
                if (escape != null && c == escape && i + 1 < text.length()
                        && (text.charAt(i + 1) == quote || text.charAt(i + 1) == escape)
                        && !(escape.equals(quote) && text.charAt(i + 1) != quote)) {
                    f.append(text.charAt(++i));
                } else if (c == quote) {
                    inQuote = false;
                } else {
                    f.append(c);
                }
            } else if (quote != null && c == quote && f.toString().isBlank()) {
                inQuote = true;
                f.setLength(0);
            } else if (c == delim) {
                fields.add(f.toString());
                f.setLength(0);
            } else if (c == '\n' || c == '\r') {
                break;
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    /** @param file a file @return whether it has both CRLF and bare LF line ends (edited on two systems) */
    static boolean mixedLineEnds(Path file) {
        boolean crlf = false;
        boolean lf = false;
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int prev = -1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    if (prev == '\r') {
                        crlf = true;
                    } else {
                        lf = true;
                    }
                    if (crlf && lf) {
                        return true;
                    }
                }
                prev = b;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * What the typed fast path may leave to DuckDB's reader: a plain (not gzipped) file with no
     * underscore anywhere cannot hold a number like {@code 1_000}, and one with no control byte but
     * line ends (and tabs when tab is the delimiter) cannot hold an id with control characters. One
     * pass over the bytes costs far less than checking every value in SQL.
     *
     * @param file the file
     * @param delimiter the delimiter
     * @return {underscore seen, control byte seen}; both true when the file is compressed or unreadable
     */
    static boolean[] suspiciousBytes(Path file, char delimiter) {
        if (isGzip(file)) {
            return new boolean[] {true, true};
        }
        boolean underscore = false;
        boolean control = false;
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n >= 0 && !(underscore && control); n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    int b = buf[i];
                    if (b == '_') {
                        underscore = true;
                    } else if ((b >= 0 && b < 0x20 && b != '\n' && b != '\r' && !(b == '\t' && delimiter == '\t')) || b == 0x7f) {
                        control = true;
                    }
                }
            }
        } catch (IOException e) {
            return new boolean[] {true, true};
        }
        return new boolean[] {underscore, control};
    }
}
