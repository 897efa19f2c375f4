package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RecordScanner} against DuckDB's reader: for random files with quoted delimiters, quoted line
 * breaks (LF, CRLF), doubled quotes, blank lines, LF/CRLF/CR line ends, one-column files, and bad records
 * (too few or too many fields, text after a closing quote, invalid UTF-8, an unclosed quote at the end),
 * the scanner must accept the same records as DuckDB, in the same order, and give each the physical line
 * where the generator started it. The first field of every generated record is that line number, so
 * DuckDB's own rows say which line each one came from. The seeds are fixed, so a failure names the seed
 * that reproduces it (3,000 seeds were run once by hand; the build runs 250).
 */
class RecordScannerTest {
    private static Connection duck;
    private static Path dir;

    @BeforeAll
    static void open() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        dir = Files.createTempDirectory("scanner");
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** A generated file and what it must read as. */
    record Generated(byte[] bytes, int columns, List<Long> goodLines, List<Long> badLines, TreeSet<Long> blankRows) {
        /** What DuckDB's first column holds per row: the line, or NULL (-1) for an empty line. */
        List<Long> duckFirstFields() {
            return goodLines.stream().map(l -> blankRows.contains(l) ? -1L : l).toList();
        }
    }

    static java.util.stream.LongStream seeds() {
        return java.util.stream.LongStream.range(0, 250);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void scannerAgreesWithDuckDb(long seed) throws Exception {
        Generated g = generate(new Random(seed));
        Path f = dir.resolve("f" + Long.toHexString(seed) + ".csv");
        Files.write(f, g.bytes());
        try {
            List<Long> duckLines = new ArrayList<>();
            long duckRejects = duckRead(f, g.columns(), duckLines);
            CsvDialect d = CsvDialect.detect(f, IngestOptions.defaults().withDelimiter(","), f.toString());
            long[] all = new long[duckLines.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            List<Long> scannedGood = new ArrayList<>();
            List<Long> scannedBad = new ArrayList<>();
            RecordScanner.Counts counts = new RecordScanner(f, d, g.columns()).scan(all, all.length,
                    new RecordScanner.Sink() {
                        @Override
                        public void good(long rid, long line, String raw) {
                            assertThat(rid).isEqualTo(scannedGood.size());
                            scannedGood.add(line);
                        }

                        @Override
                        public void bad(long line, Problem problem, int fields, String raw) {
                            scannedBad.add(line);
                        }
                    }, x -> { });
            String shown = new String(g.bytes(), StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n\n");
            assertThat(duckLines).as("DuckDB rows vs generator in\n%s", shown).containsExactlyElementsOf(g.duckFirstFields());
            assertThat(duckRejects).as("DuckDB rejects in\n%s", shown).isEqualTo(g.badLines().size());
            assertThat(scannedGood).as("scanner good lines in\n%s", shown).containsExactlyElementsOf(g.goodLines());
            assertThat(scannedBad).as("scanner bad lines in\n%s", shown).containsExactlyElementsOf(g.badLines());
            assertThat(counts.good()).isEqualTo(g.goodLines().size());
            assertThat(counts.bad()).isEqualTo(g.badLines().size());
        } finally {
            Files.delete(f);
        }
    }

    /** Reads with the explicit dialect the ingest uses; returns the rejects and fills the first field per row. */
    private static long duckRead(Path f, int columns, List<Long> lines) throws Exception {
        StringJoiner cols = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < columns; i++) {
            cols.add("'c" + i + "': 'VARCHAR'");
        }
        String name = "rj" + Long.toHexString(System.nanoTime());
        try (PreparedStatement ps = duck.prepareStatement("CREATE TEMP TABLE t_" + name + " AS SELECT * FROM read_csv(?, "
                + "auto_detect = false, header = true, delim = ',', quote = '\"', escape = '\"', comment = '', columns = "
                + cols + ", store_rejects = true, rejects_table = '" + name + "', rejects_scan = 's" + name + "')")) {
            ps.setString(1, f.toString());
            ps.execute();
        }
        try (Statement s = duck.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT c0 FROM t_" + name + " ORDER BY rowid")) {
                while (rs.next()) {
                    String v = rs.getString(1);
                    lines.add(v == null ? -1L : Long.parseLong(v.strip()));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT line_byte_position) FROM " + name)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Generated generate(Random r) {
        int columns = r.nextInt(7) == 0 ? 1 : 2 + r.nextInt(4);
        String[] endings = {"\n", "\r\n", "\r"};
        String nl = endings[r.nextInt(endings.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> good = new ArrayList<>();
        TreeSet<Long> bad = new TreeSet<>();
        TreeSet<Long> blank = new TreeSet<>();
        StringJoiner header = new StringJoiner(",");
        for (int i = 0; i < columns; i++) {
            header.add("h" + i);
        }
        write(out, header + nl);
        long line = 2;
        int records = 1 + r.nextInt(25);
        for (int k = 0; k < records; k++) {
            while (r.nextInt(8) == 0) {
                write(out, nl);
                if (columns == 1) {
                    good.add(line); // DuckDB reads an empty line of a one-column file as a NULL row
                    blank.add(line);
                }
                line++;
            }
            long start = line;
            List<String> fields = new ArrayList<>();
            fields.add(Long.toString(start));
            int roll = r.nextInt(100);
            boolean isBad = false;
            boolean badUtf8 = false;
            if (roll < 5 && columns > 1) {
                // too few fields
                for (int i = 1; i < columns - 1; i++) {
                    fields.add(plain(r));
                }
                isBad = true;
            } else if (roll < 10) {
                // too many fields, the extra one not empty
                for (int i = 1; i < columns + 1; i++) {
                    fields.add(i == columns ? "x" + plain(r) : plain(r));
                }
                isBad = true;
            } else if (roll < 14 && columns > 1) {
                for (int i = 1; i < columns; i++) {
                    fields.add(i == 1 ? "\"ab\"c" : plain(r));
                }
                isBad = true;
            } else if (roll < 17 && columns > 1) {
                for (int i = 1; i < columns; i++) {
                    fields.add(i == 1 ? "a\u0001b" : plain(r));
                }
                isBad = true;
                badUtf8 = true;
            } else {
                int[] breaks = {0};
                for (int i = 1; i < columns; i++) {
                    fields.add(field(r, breaks));
                }
                if (roll < 22) {
                    fields.add("");           // an empty extra field is accepted
                    if (r.nextBoolean()) {
                        fields.add("\"\"");
                    }
                }
                line += breaks[0];
            }
            String text = String.join(",", fields);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (badUtf8) {
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == 1) {
                        bytes[i] = (byte) 0xff;
                    }
                }
            }
            out.writeBytes(bytes);
            (isBad ? bad : new TreeSet<Long>()).add(start);
            if (!isBad) {
                good.add(start);
            }
            boolean last = k == records - 1;
            if (!last || r.nextInt(3) > 0) {
                write(out, nl);
                line++;
            }
        }
        if (columns > 1 && r.nextInt(10) == 0) {
            // A quote that is never closed swallows the rest of the file: one bad record.
            byte[] sofar = out.toByteArray();
            if (sofar[sofar.length - 1] != '\n' && sofar[sofar.length - 1] != '\r') {
                write(out, nl);
                line++;
            }
            bad.add(line);
            write(out, line + ",\"never closed" + nl + "more text" + nl);
        }
        return new Generated(out.toByteArray(), columns, good, new ArrayList<>(bad), blank);
    }

    private static String plain(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    /** A good field; counts the line breaks it contains. */
    private static String field(Random r, int[] breaks) {
        switch (r.nextInt(7)) {
            case 0:
                return "\"" + plain(r) + "," + plain(r) + "\"";
            case 1:
                return "\"a\"\"" + plain(r) + "\"\"b\"";
            case 2: {
                String inner = r.nextBoolean() ? "\n" : "\r\n";
                breaks[0]++;
                return "\"" + plain(r) + inner + plain(r) + "\"";
            }
            case 3:
                breaks[0] += 2;
                return "\"x\n\n" + plain(r) + ",\"";
            case 4:
                return " \"" + plain(r) + ",y\" ";
            case 5:
                return "é" + plain(r) + "\u20ac";
            default:
                return plain(r);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
