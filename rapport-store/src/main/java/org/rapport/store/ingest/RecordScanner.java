package org.rapport.store.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Splits a delimited file into records the way DuckDB's {@code read_csv} does with the same explicit
 * dialect ({@code auto_detect=false}, {@code strict_mode} on), and reports the physical line where each
 * record starts. DuckDB gives no line numbers for the rows it reads, so the ingest uses this pass, only
 * when there are bad rows, to turn "the k-th row DuckDB accepted" into a line of the file and to find
 * the records DuckDB rejected.
 *
 * <p>The rules, checked against DuckDB 2.0 in {@code RecordScannerTest}: a UTF-8 byte order mark is
 * skipped; lines end with LF, CRLF or CR; an empty line is skipped, except in a one-column file where it is
 * a row of NULL; a field that starts with the quote (after spaces) is quoted, a quote elsewhere is text;
 * inside quotes the escape (by default the quote doubled) protects a quote, and line breaks are text but
 * still count as lines; after a closing quote only spaces may come before the delimiter; a record with
 * fewer fields than the header, or more unless the extra ones are empty, is rejected, as is one with a
 * byte sequence that is not UTF-8. Callers compare the counts with DuckDB's and refuse to guess when
 * they differ.
 */
final class RecordScanner {
    /** Longest record text kept for messages and the rejects file. */
    static final int RAW_CAP = 4096;
    private static final int BUFFER = 1 << 20;

    /** Receives records, in file order. */
    interface Sink {
        /**
         * A record DuckDB accepts that the caller asked for.
         *
         * @param rid its 0-based index among accepted records (the staging table's rowid)
         * @param line the physical line where it starts
         * @param raw its text without the line end, at most {@link #RAW_CAP} bytes
         */
        void good(long rid, long line, String raw) throws Exception;

        /**
         * A record DuckDB rejects.
         *
         * @param line the physical line where it starts
         * @param problem why
         * @param fields the number of fields found
         * @param raw its text
         */
        void bad(long line, Problem problem, int fields, String raw) throws Exception;
    }

    /**
     * @param good records accepted
     * @param bad records rejected
     */
    record Counts(long good, long bad) {
    }

    private enum State { START_FIELD, UNQUOTED, QUOTED, AFTER_QUOTE }

    private final Path file;
    private final CsvDialect dialect;
    private final int nFields;

    // Input.
    private InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int len;

    // The record being read.
    private final byte[] raw = new byte[RAW_CAP];
    private int rawLen;
    private boolean rawTruncated;
    private int utf8Need;
    private boolean utf8Bad;
    /** The line the scan is on (1-based). */
    private long line;
    /** The fields of the record {@link #readRecord} just read. */
    private int recordFields;
    /** Whether the quote byte {@link #quoted} just read was doubled. */
    private boolean lastWasDoubledQuote;

    RecordScanner(Path file, CsvDialect dialect, int nFields) {
        this.file = file;
        this.dialect = dialect;
        this.nFields = nFields;
    }

    /**
     * Reads the whole file.
     *
     * @param wanted ascending rowids of accepted records to report; only the first {@code wantedCount} are used
     * @param wantedCount how many of {@code wanted} to use
     * @param sink receives the wanted accepted records and every rejected one
     * @param progress receives the fraction of the file read
     * @return how many records were accepted and rejected
     */
    Counts scan(long[] wanted, int wantedCount, Sink sink, DoubleConsumer progress) throws Exception {
        long size = Math.max(1, Files.size(file));
        CountingStream counting = new CountingStream(Files.newInputStream(file));
        try (InputStream stream = dialect.gzip ? new GZIPInputStream(counting, 1 << 16) : counting) {
            in = stream;
            pos = 0;
            len = 0;
            skipBom();
            line = 1;
            long good = 0;
            long bad = 0;
            int w = 0;
            boolean headerPending = dialect.header;
            long nextReport = 8L << 20;
            while (true) {
                int c = peek();
                if (c < 0) {
                    break;
                }
                if (c == '\n' || c == '\r') {
                    next();
                    if (c == '\r' && peek() == '\n') {
                        next();
                    }
                    long blankLine = line++;
                    if (nFields == 1 && !headerPending) {
                        // DuckDB reads an empty line of a one-column file as a NULL row.
                        if (w < wantedCount && wanted[w] == good) {
                            sink.good(good, blankLine, "");
                            w++;
                        }
                        good++;
                    }
                    continue;
                }
                long startLine = line;
                Problem problem = readRecord();
                if (headerPending) {
                    headerPending = false;
                    continue;
                }
                if (problem != null) {
                    sink.bad(startLine, problem, recordFields, rawText());
                    bad++;
                } else {
                    if (w < wantedCount && wanted[w] == good) {
                        sink.good(good, startLine, rawText());
                        w++;
                    }
                    good++;
                }
                if (counting.count >= nextReport) {
                    progress.accept(Math.min(1.0, (double) counting.count / size));
                    nextReport = counting.count + (8L << 20);
                }
            }
            progress.accept(1.0);
            return new Counts(good, bad);
        }
    }

    /**
     * Reads one record from its first byte to the end of its last line, keeping its raw bytes; counts
     * its fields into {@link #recordFields} and its lines into {@link #line}.
     *
     * @return what is wrong with the record, or null
     */
    private Problem readRecord() throws IOException {
        final int q = dialect.quote == null ? -1 : dialect.quote;
        final int esc = dialect.escape == null ? -1 : dialect.escape;
        final int delim = dialect.delimiter;
        rawLen = 0;
        rawTruncated = false;
        utf8Need = 0;
        utf8Bad = false;
        State state = State.START_FIELD;
        int fields = 0;
        long fieldBytes = 0;
        boolean fieldQuoted = false;
        boolean extraNonEmpty = false;
        Problem problem = null;
        while (true) {
            int c = next();
            boolean eof = c < 0;
            if (eof && state == State.QUOTED) {
                problem = Problem.UNCLOSED_QUOTE;
            }
            boolean newline = c == '\n' || c == '\r';
            boolean crlf = c == '\r' && peek() == '\n';
            if (crlf) {
                next();
            }
            if (!eof && state == State.QUOTED) {
                fieldBytes += quoted(c, newline, crlf, q, esc);
                if (c == q && !lastWasDoubledQuote) {
                    state = State.AFTER_QUOTE;
                }
                continue;
            }
            if (eof || newline || c == delim) {
                boolean empty = fieldBytes == 0 || (fieldQuoted && fieldBytes == 2);
                if (fields >= nFields && !empty) {
                    extraNonEmpty = true;
                }
                fields++;
                fieldBytes = 0;
                fieldQuoted = false;
                state = State.START_FIELD;
                if (eof || newline) {
                    if (newline) {
                        line++;
                    }
                    break;
                }
                keep(c);
                continue;
            }
            keep(c);
            fieldBytes++;
            if (state == State.START_FIELD) {
                if (c == q) {
                    state = State.QUOTED;
                    fieldQuoted = true;
                } else if (c != ' ') {
                    state = State.UNQUOTED;
                }
            } else if (state == State.AFTER_QUOTE && c != ' ') {
                if (problem == null) {
                    problem = Problem.TEXT_AFTER_QUOTE;
                }
                state = State.UNQUOTED;
            }
        }
        recordFields = fields;
        if (utf8Need > 0) {
            utf8Bad = true;
        }
        if (problem == null && utf8Bad) {
            problem = Problem.INVALID_UTF8;
        }
        if (problem == null && (fields < nFields || (fields > nFields && extraNonEmpty))) {
            problem = Problem.WRONG_FIELD_COUNT;
        }
        return problem;
    }

    /**
     * One byte inside a quoted field: kept, with an escaped byte or a doubled quote after it.
     * {@link #lastWasDoubledQuote} says whether a quote byte was doubled (so the field goes on).
     *
     * @return the field bytes consumed
     */
    private int quoted(int c, boolean newline, boolean crlf, int q, int esc) throws IOException {
        lastWasDoubledQuote = false;
        keep(c);
        int bytes = 1;
        if (crlf) {
            keep('\n');
        }
        if (newline) {
            line++;
        } else if (c == esc && esc != q) {
            int d = next();
            if (d >= 0) {
                keep(d);
                bytes++;
                if (d == '\n' || d == '\r') {
                    if (d == '\r' && peek() == '\n') {
                        keep(next());
                    }
                    line++;
                }
            }
        } else if (c == q && esc == q && peek() == q) {
            keep(next());
            bytes++;
            lastWasDoubledQuote = true;
        }
        return bytes;
    }

    private void skipBom() throws IOException {
        if (peek() == 0xEF) {
            fill(3);
            if (len - pos >= 3 && (buf[pos + 1] & 0xff) == 0xBB && (buf[pos + 2] & 0xff) == 0xBF) {
                pos += 3;
            }
        }
    }

    private void keep(int c) {
        if (utf8Need > 0) {
            if ((c & 0xC0) != 0x80) {
                utf8Bad = true;
                utf8Need = 0;
            } else {
                utf8Need--;
            }
        } else if (c >= 0x80) {
            if (c >= 0xC2 && c <= 0xDF) {
                utf8Need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                utf8Need = 2;
            } else if (c >= 0xF0 && c <= 0xF4) {
                utf8Need = 3;
            } else {
                utf8Bad = true;
            }
        }
        if (rawLen < RAW_CAP) {
            raw[rawLen++] = (byte) c;
        } else {
            rawTruncated = true;
        }
    }

    private String rawText() {
        String s = new String(raw, 0, rawLen, StandardCharsets.UTF_8);
        return rawTruncated ? s + "..." : s;
    }

    private int peek() throws IOException {
        if (pos >= len && !fill(1)) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    private int next() throws IOException {
        if (pos >= len && !fill(1)) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Makes at least {@code need} bytes available if the stream has them; false at the end. */
    private boolean fill(int need) throws IOException {
        if (len - pos >= need) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, len - pos);
            len -= pos;
            pos = 0;
        }
        while (len < need) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                return len > 0 && len >= need;
            }
            len += n;
        }
        return true;
    }

    /** Counts the bytes read from the file (compressed bytes for gzip), for progress. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int n) throws IOException {
            int r = super.read(b, off, n);
            if (r > 0) {
                count += r;
            }
            return r;
        }
    }
}
