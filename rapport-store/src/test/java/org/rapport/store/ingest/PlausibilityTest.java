package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rapport.store.RapportStore;
import org.rapport.store.TestData;

/**
 * Issue 15, items 2 and 9: values that parse but cannot be true (an {@code infinity} timestamp made
 * {@code analyze} spin forever; year 0, 10000 and BC dates, {@code epoch}, {@code 1_000}, huge amounts,
 * control characters and 1 MiB ids loaded silently). Each is now a bad row named {@code FILE:LINE:
 * field}, on both read paths (a clean-looking file goes down DuckDB's typed reader first), and nothing
 * is written.
 */
class PlausibilityTest {
    @TempDir
    Path dir;
    RapportStore store;

    @BeforeEach
    void open() {
        store = RapportStore.inMemory(List.of());
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Stream<Arguments> hostile() {
        String longId = "x".repeat(300);
        return Stream.of(
                Arguments.of("infinity", "c2,infinity,1", "ts", "is not a date"),
                Arguments.of("-infinity", "c2,-infinity,1", "ts", "is not a date"),
                Arguments.of("epoch", "c2,epoch,1", "ts", "is not a date"),
                Arguments.of("now", "c2,now,1", "ts", "is not a date"),
                Arguments.of("year 0", "c2,0000-01-01,1", "ts", "is outside the plausible dates"),
                Arguments.of("year 10000", "c2,10000-01-01,1", "ts", "is outside the plausible dates"),
                Arguments.of("negative year", "c2,-0044-03-15,1", "ts", "is outside the plausible dates"),
                Arguments.of("BC", "c2,0044-03-15 (BC),1", "ts", "is outside the plausible dates"),
                Arguments.of("1899", "c2,1899-12-31,1", "ts", "is outside the plausible dates"),
                Arguments.of("next year", "c2," + LocalDate.now().plusYears(1) + ",1", "ts", "is outside the plausible dates"),
                Arguments.of("underscore number", "c2,2024-01-02,1_000", "amount", "is not a number"),
                Arguments.of("huge amount", "c2,2024-01-02,1e300", "amount", "is beyond the plausible bound"),
                Arguments.of("amount past bound", "c2,2024-01-02,-2000000000", "amount", "is beyond the plausible bound"),
                Arguments.of("control char in id", "c\u00012,2024-01-02,1", "customer_id", "is not a plausible id"),
                Arguments.of("bell in order id", "c2,2024-01-02,1,o\u0007", "order_id", "is not a plausible id"),
                Arguments.of("long id", longId + ",2024-01-02,1", "customer_id", "is not a plausible id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void implausibleValuesAreBadRows(String name, String row, String field, String reason) {
        String header = row.split(",").length == 4 ? "customer_id,date,amount,order_id\nc1,2024-01-01,10,o1\n"
                : "customer_id,date,amount\nc1,2024-01-01,10\n";
        Path f = TestData.write(dir, "t.csv", header + row + "\n");
        IngestException e = catchThrowableOfType(IngestException.class,
                () -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, f, IngestOptions.defaults(), IngestProgress.NONE));
        assertThat(e).as(name).isNotNull();
        String expected = f + ":3: field '" + (field.equals("ts") ? "date" : field) + "': ";
        assertThat(e.errors()).extracting(InputError::message).singleElement().asString()
                .startsWith(expected).contains(reason);
        assertThat(store.count("transactions")).isZero();
        assertThat(store.loads()).isEmpty();
    }

    @Test
    void quarantineKeepsTheGoodRowsAndNamesTheBadOnes() {
        Path f = TestData.write(dir, "t.csv", "customer_id,date,amount\nc1,2024-01-01,10\nc2,infinity,1\nc3,2024-01-03,1_0\n");
        IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, f,
                IngestOptions.defaults().withOnError(OnError.QUARANTINE), IngestProgress.NONE);
        assertThat(r.rowsLoaded()).isEqualTo(1);
        assertThat(store.query("SELECT line, field FROM rejects ORDER BY line", rs -> rs.getLong(1) + " " + rs.getString(2)))
                .containsExactly("3 date", "4 amount");
    }

    @Test
    void theWindowAndTheBoundAreSettings() {
        Path f = TestData.write(dir, "t.csv", "customer_id,date,amount\nc1,1850-06-01,5000\n");
        IngestOptions wide = IngestOptions.defaults()
                .withPlausibility(new Plausibility(LocalDate.of(1800, 1, 1), LocalDate.of(2000, 1, 1), 1e4));
        assertThat(Ingestor.of(store).ingest(Kind.TRANSACTIONS, f, wide, IngestProgress.NONE).rowsLoaded()).isEqualTo(1);
        Path g = TestData.write(dir, "u.csv", "customer_id,date,amount\nc2,1850-06-02,50000\n");
        IngestException e = catchThrowableOfType(IngestException.class,
                () -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, g, wide, IngestProgress.NONE));
        assertThat(e.errors()).extracting(InputError::message).singleElement().asString()
                .contains("field 'amount'").contains("10,000 (--max-amount)");
    }

    @Test
    void aGenuineNewYear1970IsStillADate() {
        // The typed reader's 1970-01-01 might have been 'epoch': such files take the text path, which
        // tells the two apart.
        Path f = TestData.write(dir, "t.csv", "customer_id,date,amount\nc1,1970-01-01,10\n");
        assertThat(Ingestor.of(store).ingest(Kind.TRANSACTIONS, f).rowsLoaded()).isEqualTo(1);
    }

    @Test
    void parquetInfinityIsABadRow() {
        Path p = dir.resolve("t.parquet");
        store.update("COPY (SELECT 'c1' AS customer_id, 'infinity'::TIMESTAMP AS ts, 1.0 AS amount) TO '" + p + "' (FORMAT parquet)");
        IngestException e = catchThrowableOfType(IngestException.class,
                () -> Ingestor.of(store).ingest(Kind.TRANSACTIONS, p));
        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(InputError::message).singleElement().asString()
                .startsWith(p + ":").contains("field 'ts'");
        assertThat(store.count("transactions")).isZero();
    }
}
