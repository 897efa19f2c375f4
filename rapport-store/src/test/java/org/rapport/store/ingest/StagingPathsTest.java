package org.rapport.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.FileFormat;
import org.rapport.store.RapportStore;
import org.rapport.store.Sql;
import org.rapport.store.TestData;

/**
 * The typed fast path (DuckDB's reader converts) and the text path (TRY_CAST in SQL) stage the same
 * values for a clean file with every accepted spelling; the fast path is only used when it rejects
 * nothing.
 */
class StagingPathsTest {
    @TempDir
    Path dir;

    static final String CLEAN = "customer_id,date,amount,quantity,channel,order_id\n"
            + "c1,1997-01-01,12.5,2,web,o1\n"
            + "  c2  , 1997-01-02 10:30:00 , 3 ,+3, shop ,\n"
            + "c3,1997-01-03T10:30:15.25,1e3,0.5,,o3\n"
            + "\"c,4\",1997-1-4,-7.25,-1,\"a \"\"b\"\"\",o4\n"
            + "c5,1997-01-05 00:00:00,0,,x,\n";

    private void stage(RapportStore store, Staging st, boolean typed) throws Exception {
        Sql sql = typed ? st.createTyped(dir.resolve("t.csv").toString(), "rj_" + st.table, "rs_" + st.table)
                : st.create(dir.resolve("t.csv").toString(), "rj_" + st.table, "rs_" + st.table);
        try (PreparedStatement ps = store.connection().prepareStatement(sql.text())) {
            Sql.bind(ps, sql.params());
            ps.execute();
        }
    }

    @Test
    void bothPathsStageTheSameValues() throws Exception {
        Path f = TestData.write(dir, "t.csv", CLEAN);
        CsvDialect d = CsvDialect.detect(f, IngestOptions.defaults(), f.toString());
        Mapping m = Mapping.resolve(Kind.TRANSACTIONS, d.columns, Map.of(), f.toString());
        Staging fast = new Staging("fast", FileFormat.CSV, d, d.columns, Kind.TRANSACTIONS, m, null, Plausibility.defaults());
        Staging text = new Staging("text", FileFormat.CSV, d, d.columns, Kind.TRANSACTIONS, m, null, Plausibility.defaults());
        assertThat(fast.typedEligible()).isTrue();
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            stage(store, fast, true);
            stage(store, text, false);
            String cols = "rowid, v_customer_id, v_ts, v_amount, v_quantity, v_channel, v_order_id, ok";
            assertThat(store.queryLong("SELECT count(*) FROM fast")).isEqualTo(5);
            assertThat(store.queryLong("SELECT count(*) FROM fast WHERE ok")).isEqualTo(5);
            assertThat(store.queryLong("SELECT count(*) FROM rj_fast")).isZero();
            assertThat(store.queryLong("SELECT count(*) FROM (SELECT " + cols + " FROM fast EXCEPT ALL SELECT " + cols
                    + " FROM text)")).isZero();
            assertThat(store.queryLong("SELECT count(*) FROM (SELECT " + cols + " FROM text EXCEPT ALL SELECT " + cols
                    + " FROM fast)")).isZero();
            assertThat(store.query("SELECT v_customer_id || '|' || v_ts || '|' || v_amount || '|' || coalesce(v_channel, '-') "
                    + "FROM fast ORDER BY rowid", rs -> rs.getString(1))).containsExactly(
                    "c1|1997-01-01 00:00:00|12.5|web", "c2|1997-01-02 10:30:00|3.0|shop",
                    "c3|1997-01-03 10:30:15.25|1000.0|-", "c,4|1997-01-04 00:00:00|-7.25|a \"b\"",
                    "c5|1997-01-05 00:00:00|0.0|x");
        }
    }

    @Test
    void whatTheFastPathRefusesTheTextPathReports() throws Exception {
        // yyyyMMdd dates are not ISO: DuckDB's reader rejects them and the text path converts them.
        Path f = TestData.write(dir, "t.csv", "customer_id,date,amount\nc1,19970101,1\n");
        CsvDialect d = CsvDialect.detect(f, IngestOptions.defaults(), f.toString());
        Mapping m = Mapping.resolve(Kind.TRANSACTIONS, d.columns, Map.of(), f.toString());
        try (RapportStore store = RapportStore.inMemory(List.of())) {
            stage(store, new Staging("fast", FileFormat.CSV, d, d.columns, Kind.TRANSACTIONS, m, null, Plausibility.defaults()), true);
            assertThat(store.queryLong("SELECT count(*) FROM rj_fast")).isEqualTo(1);
            IngestReport r = Ingestor.of(store).ingest(Kind.TRANSACTIONS, f);
            assertThat(r.rowsLoaded()).isEqualTo(1);
            assertThat(store.queryLong("SELECT count(*) FROM transactions WHERE ts = TIMESTAMP '1997-01-01'")).isEqualTo(1);
        }
    }
}
