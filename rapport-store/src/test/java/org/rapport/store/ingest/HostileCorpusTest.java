package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rapport.store.RapportStore;
import org.rapport.store.TestData;

/**
 * Issue 15: the hostile-input corpus kept in the repository ({@code src/test/resources/org/rapport/
 * store/hostile}, one file per case, {@code manifest.tsv} says what each must give). Under
 * {@code --on-error fail} every file is refused: a bad row is named {@code FILE:LINE: field 'F'}, a
 * file that cannot be read at all is named with a whole-file message; the previous data stay as they
 * were. Under quarantine the good row loads and the bad one is in {@code rejects} with its line.
 */
class HostileCorpusTest {
    private static final String FOLDER = "/org/rapport/store/hostile/";

    @TempDir
    Path dir;

    record Case(String file, Kind kind, Long line, String field) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Case> corpus() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(HostileCorpusTest.class.getResourceAsStream(FOLDER + "manifest.tsv"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.add(new Case(f[0], Kind.parse(f[1]), f[2].isEmpty() ? null : Long.parseLong(f[2]), f[3].isEmpty() ? null : f[3]));
            }
        }
        return out;
    }

    private Path copy(Case c) throws IOException {
        Path p = dir.resolve(c.file());
        try (InputStream in = Objects.requireNonNull(HostileCorpusTest.class.getResourceAsStream(FOLDER + c.file()))) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithFileLineAndFieldAndNothingLost(Case c) throws IOException {
        Path f = copy(c);
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            Ingestor.of(store).ingest(Kind.TRANSACTIONS, TestData.write(dir, "previous.csv",
                    "customer_id,date,amount\nold1,2020-01-01,1\n"));
            String before = store.query("SELECT string_agg(customer_id || ts || amount, ';') FROM transactions",
                    rs -> rs.getString(1)).get(0);
            long loads = store.loads().size();
            Throwable t = catchThrowable(() -> Ingestor.of(store).ingest(c.kind(), f));
            assertThat(t).as("%s must be refused", c.file()).isInstanceOf(IngestException.class);
            String message = t.getMessage();
            assertThat(message).as("names the file").contains(f.toString());
            if (c.line() != null) {
                assertThat(((IngestException) t).errors()).extracting(InputError::message)
                        .as("names line and field").anyMatch(m -> m.startsWith(f + ":" + c.line() + ": "
                                + (c.field() == null ? "" : "field '" + c.field() + "'")));
            }
            assertThat(message).as("no stack trace or Java internals").doesNotContain("Exception", "\tat ");
            assertThat(message.length()).as("a 1 MiB value is not echoed whole").isLessThan(4_000);
            assertThat(message.chars().filter(ch -> ch < 32 && ch != '\n').count()).as("no control characters echoed").isZero();
            assertThat(store.loads()).hasSize((int) loads);
            assertThat(store.query("SELECT string_agg(customer_id || ts || amount, ';') FROM transactions",
                    rs -> rs.getString(1)).get(0)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void quarantineLoadsTheGoodRowAndKeepsTheBadOneWithItsLine(Case c) throws IOException {
        if (c.line() == null) {
            return;
        }
        Path f = copy(c);
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            IngestReport r = Ingestor.of(store).ingest(c.kind(), f,
                    IngestOptions.defaults().withOnError(OnError.QUARANTINE).withRejectsFile(dir.resolve("r.csv")),
                    IngestProgress.NONE);
            assertThat(r.rowsRejected()).isPositive();
            assertThat(store.query("SELECT line FROM rejects", rs -> rs.getLong(1))).contains(c.line());
        }
    }
}
