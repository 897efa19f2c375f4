package org.rapport.store.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

import org.rapport.store.FileFormat;
import org.rapport.store.RapportStore;
import org.rapport.store.Sql;
import org.rapport.store.ingest.IngestProgress.Stage;

/**
 * Writes the good staged rows, the quarantined problems and the {@code loads} record in one transaction,
 * deduplicating against the stored rows as the kind says ({@link Kind.Publish}; {@code docs/schema.md},
 * "Dedupe").
 */
final class Publisher {
    /**
     * @param loadId the new load's id
     * @param loaded rows written
     * @param duplicates good rows not written because the store had them
     */
    record Result(long loadId, long loaded, long duplicates) {
    }

    private final RapportStore store;
    private final Connection c;
    private final Kind kind;
    private final Staging st;
    private final Mapping mapping;
    private final UnaryOperator<String> temp;
    private final IngestProgress listener;

    Publisher(RapportStore store, Connection c, Kind kind, Staging st, Mapping mapping, UnaryOperator<String> temp,
            IngestProgress listener) {
        this.store = store;
        this.c = c;
        this.kind = kind;
        this.st = st;
        this.mapping = mapping;
        this.temp = temp;
        this.listener = listener;
    }

    Result publish(long good, String rej, String label, long rowsRead, long bad, LocalDateTime started) {
        long loadId = store.nextId("loads", "load_id");
        return store.inTransaction(conn -> {
            long loaded = switch (kind.publish()) {
                case MULTISET -> multiset(loadId);
                case SET -> set(loadId);
                case UPSERT -> upsert(loadId);
            };
            if (kind == Kind.CUSTOMERS) {
                customerExtras(loadId);
            }
            if (rej != null) {
                run(new Sql().sql("INSERT INTO rejects (load_id, file, line, field, value, reason, raw) SELECT ")
                        .param(loadId).sql(", ").param(label)
                        .sql(", line, field, value, reason, raw FROM " + rej + " ORDER BY line, rowid"), null);
            }
            run(new Sql().sql("INSERT INTO loads (load_id, kind, file, format, rows_read, rows_loaded, rows_rejected, "
                    + "duplicates_skipped, started, finished) VALUES (").param(loadId).sql(", ").param(kind.name())
                    .sql(", ").param(label).sql(", ").param(st.format.name()).sql(", ").param(rowsRead).sql(", ")
                    .param(loaded).sql(", ").param(bad).sql(", ").param(good - loaded).sql(", ").param(started)
                    .sql(", ").param(LocalDateTime.now(ZoneOffset.UTC)).sql(")"), null);
            return new Result(loadId, loaded, good - loaded);
        });
    }

    /** Count-based dedupe: a row is new when the file has more copies of it than the store. */
    private long multiset(long loadId) throws SQLException {
        String target = kind.table();
        boolean sourceRow = kind == Kind.TRANSACTIONS;
        if (!exists(target)) {
            return run(plainInsert(loadId, sourceRow), "insert");
        }
        String seen = temp.apply("seen");
        execute("CREATE TEMP TABLE " + seen + " AS SELECT " + prefixed("t.") + ", count(*) AS m FROM " + target
                + " t SEMI JOIN (SELECT * FROM " + st.table + " WHERE ok) s ON " + equal("t.", "s.v_") + " GROUP BY ALL");
        if (!exists(seen)) {
            return run(plainInsert(loadId, sourceRow), "insert");
        }
        Sql fresh = new Sql().sql("INSERT INTO " + target + " (" + String.join(", ", kind.columns()) + ", load_id"
                + (sourceRow ? ", source_row" : "") + ") SELECT " + values("s.") + ", ").param(loadId)
                .sql((sourceRow ? ", s." + rowExpr() + " + 1" : "") + " FROM " + st.table + " s ANTI JOIN " + seen
                        + " t ON " + equal("t.", "s.v_") + " WHERE s.ok");
        long n = run(fresh, "insert new rows");
        String partition = mappedValues("s.");
        Sql extra = new Sql().sql("INSERT INTO " + target + " (" + String.join(", ", kind.columns()) + ", load_id"
                + (sourceRow ? ", source_row" : "") + ") SELECT " + values("x.") + ", ").param(loadId)
                .sql((sourceRow ? ", x.rid + 1" : "") + " FROM (SELECT s.*, s." + rowExpr()
                        + " AS rid, row_number() OVER (PARTITION BY " + partition + " ORDER BY s." + rowExpr()
                        + ") AS k, t.m FROM " + st.table + " s JOIN " + seen + " t ON " + equal("t.", "s.v_")
                        + " WHERE s.ok) x WHERE x.k > x.m");
        return n + run(extra, "insert surplus copies");
    }

    private Sql plainInsert(long loadId, boolean sourceRow) {
        return new Sql().sql("INSERT INTO " + kind.table() + " (" + String.join(", ", kind.columns()) + ", load_id"
                + (sourceRow ? ", source_row" : "") + ") SELECT " + values("s.") + ", ").param(loadId)
                .sql((sourceRow ? ", s." + rowExpr() + " + 1" : "") + " FROM " + st.table + " s WHERE s.ok");
    }

    /** Set semantics: distinct rows of the file that the store does not have. */
    private long set(long loadId) throws SQLException {
        String distinct = mappedValues("");
        return run(new Sql().sql("INSERT INTO " + kind.table() + " (" + String.join(", ", kind.columns())
                + ", load_id) SELECT " + values("s.") + ", ").param(loadId)
                .sql(" FROM (SELECT DISTINCT " + distinct + " FROM " + st.table + " WHERE ok) s ANTI JOIN "
                        + kind.table() + " t ON " + equal("t.", "s.v_")), "insert");
    }

    /**
     * Keyed: a row whose columns differ from the stored row with its key replaces it; the columns the file
     * does not have keep their stored values (so one file can add acquisition data to customers another
     * file created).
     */
    private long upsert(long loadId) throws SQLException {
        String changed = temp.apply("changed");
        String key = kind.key();
        StringJoiner merged = new StringJoiner(", ");
        for (String col : kind.columns()) {
            merged.add((mapping.source.containsKey(col) ? "s.v_" + col : "o." + col) + " AS v_" + col);
        }
        execute("CREATE TEMP TABLE " + changed + " AS SELECT " + merged + " FROM " + st.table + " s LEFT JOIN "
                + kind.table() + " o ON o." + key + " = s.v_" + key + " WHERE s.ok AND NOT EXISTS (SELECT 1 FROM "
                + kind.table() + " t WHERE " + equal("t.", "s.v_", true) + ")");
        execute("DELETE FROM " + kind.table() + " WHERE " + key + " IN (SELECT v_" + key + " FROM " + changed + ")");
        StringJoiner all = new StringJoiner(", ");
        for (String col : kind.columns()) {
            all.add("v_" + col);
        }
        return run(new Sql().sql("INSERT INTO " + kind.table() + " (" + String.join(", ", kind.columns())
                + ", load_id) SELECT " + all + ", ").param(loadId).sql(" FROM " + changed), "insert");
    }

    /** Attributes and needs of the file's good customers replace the stored ones of the same names. */
    private void customerExtras(long loadId) throws SQLException {
        String ids = "(SELECT v_customer_id FROM " + st.table + " WHERE ok)";
        if (!mapping.attributes.isEmpty()) {
            Sql del = new Sql().sql("DELETE FROM customer_attributes WHERE customer_id IN " + ids + " AND name IN (");
            for (int k = 0; k < mapping.attributes.size(); k++) {
                del.sql(k > 0 ? ", " : "").param(attributeName(k));
            }
            run(del.sql(")"), null);
            for (int k = 0; k < mapping.attributes.size(); k++) {
                run(new Sql().sql("INSERT INTO customer_attributes (customer_id, name, value, load_id) SELECT v_customer_id, ")
                        .param(attributeName(k)).sql(", a" + k + ", ").param(loadId)
                        .sql(" FROM " + st.table + " WHERE ok AND a" + k + " IS NOT NULL"), null);
            }
        }
        if (!mapping.needs.isEmpty()) {
            Sql del = new Sql().sql("DELETE FROM customer_needs WHERE customer_id IN " + ids + " AND need IN (");
            for (int k = 0; k < mapping.needs.size(); k++) {
                del.sql(k > 0 ? ", " : "").param(mapping.needNames.get(k));
            }
            run(del.sql(")"), null);
            for (int k = 0; k < mapping.needs.size(); k++) {
                run(new Sql().sql("INSERT INTO customer_needs (customer_id, need, score, load_id) SELECT v_customer_id, ")
                        .param(mapping.needNames.get(k)).sql(", v_need" + k + ", ").param(loadId)
                        .sql(" FROM " + st.table + " WHERE ok AND v_need" + k + " IS NOT NULL"), null);
            }
        }
    }

    private String attributeName(int k) {
        return st.sourceColumns.get(mapping.attributes.get(k)).strip();
    }

    private String rowExpr() {
        return st.format == FileFormat.PARQUET ? "rec" : "rowid";
    }

    /** {@code t.customer_id, t.ts, ...} in table column order. */
    private String prefixed(String prefix) {
        StringJoiner j = new StringJoiner(", ");
        for (String col : kind.columns()) {
            j.add(prefix + col);
        }
        return j.toString();
    }

    /** {@code p.v_customer_id, p.v_ts, ...} in table column order; NULL for columns the file lacks. */
    private String values(String prefix) {
        StringJoiner j = new StringJoiner(", ");
        for (String col : kind.columns()) {
            j.add(mapping.source.containsKey(col) ? prefix + "v_" + col : "NULL");
        }
        return j.toString();
    }

    /** The staged value columns ({@code p.v_x}) of the columns the file has. */
    private String mappedValues(String prefix) {
        StringJoiner j = new StringJoiner(", ");
        for (String col : kind.columns()) {
            if (mapping.source.containsKey(col)) {
                j.add(prefix + "v_" + col);
            }
        }
        return j.toString();
    }

    /** Null-safe equality of every data column: {@code t.ts = s.v_ts AND t.order_id IS NOT DISTINCT FROM ...}. */
    private String equal(String stored, String staged) {
        return equal(stored, staged, false);
    }

    /**
     * @param mappedOnly compare only the columns the file has (keyed kinds: the others keep their values)
     */
    private String equal(String stored, String staged, boolean mappedOnly) {
        StringJoiner j = new StringJoiner(" AND ");
        for (ColumnSpec spec : kind.specs()) {
            if (!mapping.source.containsKey(spec.name())) {
                if (!mappedOnly) {
                    j.add(stored + spec.name() + " IS NULL");
                }
                continue;
            }
            String op = spec.required() ? " = " : " IS NOT DISTINCT FROM ";
            j.add(stored + spec.name() + op + staged + spec.name());
        }
        return j.toString();
    }

    private boolean exists(String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs a statement, with progress when {@code what} names it; returns the rows changed. */
    private long run(Sql sql, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            Sql.bind(ps, sql.params());
            if (what == null) {
                ps.execute();
            } else {
                ProgressPoller.execute(ps, Stage.PUBLISH, listener);
            }
            return Math.max(0, ps.getLargeUpdateCount());
        }
    }
}
