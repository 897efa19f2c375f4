package org.rapport.server;

import org.rapport.server.api.ApiError;

import org.rapport.server.api.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.ConnectionPool;
import org.rapport.server.cache.ColumnTable;
import org.rapport.server.cache.CustomerCache;
import org.rapport.server.cache.KeyIndex;

/**
 * The in-memory customer 360 answers exactly as the SQL one: same JSON, byte for byte, for every
 * customer of a simulated world with household links, offers, segments, groups and wallets, for
 * unknown ids, and after a segment's manager changes.
 */
class CustomerCacheTest {
    @TempDir
    static Path dir;
    static ServerFixture f;
    static ConnectionPool pool;

    @BeforeAll
    static void setUp() throws IOException {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
        pool = new ConnectionPool(f.store, 2);
    }

    @AfterAll
    static void tearDown() throws Exception {
        pool.close();
        f.close();
    }

    private static String json(Object o) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(o);
    }

    @Test
    void everyCustomerTheSameFromMemoryAsFromSql() throws Exception {
        Data sql = new Data(pool); // no cache loaded: reads the store
        CustomerCache cache = pool.with(CustomerCache::load);
        // 400 customers in a fixed pseudo-random order (the SQL side costs eight queries a customer).
        List<String> ids = pool.query("SELECT customer_id FROM (SELECT customer_id FROM customers UNION SELECT customer_id "
                + "FROM customer_scores) k ORDER BY hash(customer_id), customer_id LIMIT 400", rs -> rs.getString(1));
        assertThat(ids).hasSize(400);
        int withHousehold = 0;
        int withOffers = 0;
        int withMembership = 0;
        for (String id : ids) {
            Map<String, Object> a = sql.customer(id);
            Map<String, Object> b = Data.customer(id, cache);
            assertSame(id, Json.MAPPER.readTree(json(a)), Json.MAPPER.readTree(json(b)), "");
            withHousehold += ((List<?>) a.get("household")).isEmpty() ? 0 : 1;
            withOffers += a.get("offers") == null || ((List<?>) a.get("offers")).isEmpty() ? 0 : 1;
            withMembership += a.get("membership") == null ? 0 : 1;
        }
        // The comparison means something only if the sections are filled for many customers.
        assertThat(withHousehold).isGreaterThan(50);
        assertThat(withOffers).isGreaterThan(50);
        // The simulator gives 30% of customers a membership: about 120 of 400.
        assertThat(withMembership).isGreaterThan(60);
        assertThat((Integer) cache.stats().get("customers")).isGreaterThanOrEqualTo(ids.size());
        for (String unknown : List.of("nobody", "", "' OR 1=1 --")) {
            assertThatThrownBy(() -> Data.customer(unknown, cache)).isInstanceOf(ApiError.class).hasMessageContaining("no customer");
        }
    }

    /**
     * Equal trees; numbers equal to 1e-12 relative: an order's amount is a SQL sum over its lines, and
     * DuckDB adds in a different order from one query to the next (56.59 or 56.589999999999996).
     */
    private static void assertSame(String id, JsonNode a, JsonNode b, String path) {
        if (a.isNumber() && b.isNumber()) {
            assertThat(b.doubleValue()).as(id + path).isCloseTo(a.doubleValue(), within(1e-12 * Math.max(1, Math.abs(a.doubleValue()))));
            return;
        }
        assertThat(b.getNodeType()).as(id + path).isEqualTo(a.getNodeType());
        if (a.isObject()) {
            assertThat(names(b)).as(id + path).isEqualTo(names(a));
            a.fields().forEachRemaining(e -> assertSame(id, e.getValue(), b.get(e.getKey()), path + "." + e.getKey()));
        } else if (a.isArray()) {
            assertThat(b.size()).as(id + path).isEqualTo(a.size());
            for (int i = 0; i < a.size(); i++) {
                assertSame(id, a.get(i), b.get(i), path + "[" + i + "]");
            }
        } else {
            assertThat(b).as(id + path).isEqualTo(a);
        }
    }

    private static List<String> names(JsonNode n) {
        List<String> l = new ArrayList<>();
        n.fieldNames().forEachRemaining(l::add);
        return l;
    }

    @Test
    void aSegmentEditShowsAfterTheReload() {
        Data data = new Data(pool);
        data.reloadCache();
        String id = pool.queryFirst("SELECT customer_id FROM customer_segment WHERE segment = ? LIMIT 1", rs -> rs.getString(1),
                ServerFixture.OWN).orElseThrow();
        pool.update("UPDATE segments SET manager = 'someone_else' WHERE name = ?", ServerFixture.OWN);
        try {
            data.segmentsChanged();
            @SuppressWarnings("unchecked")
            Map<String, Object> seg = (Map<String, Object>) data.customer(id).get("segment");
            assertThat(seg).containsEntry("segment", ServerFixture.OWN).containsEntry("manager", "someone_else");
            assertThat(data.segmentOf(id)).contains(ServerFixture.OWN);
        } finally {
            pool.update("UPDATE segments SET manager = 'sam' WHERE name = ?", ServerFixture.OWN);
        }
    }

    @Test
    void columnsKeepTypesNullsAndDuckDbTimestampText() throws Exception {
        KeyIndex keys = new KeyIndex(4);
        ColumnTable t = pool.with(c -> ColumnTable.load(c, "SELECT * FROM (VALUES "
                + "('b', 1::INTEGER, 2::BIGINT, 1.5::DOUBLE, 0.25::REAL, DATE '2024-02-29', TIMESTAMP '2023-01-05 10:11:12.5', 'x', true), "
                + "('a', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                + "('a', 3, 4, 2.5, 0.5, DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.123456', 'y', false)) "
                + "v(k, i, l, d, f, dt, ts, s, b) ORDER BY k", keys));
        List<String> text = new ArrayList<>();
        try (Connection c = f.store.newConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT CAST(TIMESTAMP '2023-01-05 10:11:12.5' AS VARCHAR), "
                     + "CAST(TIMESTAMP '1969-12-31 23:59:59.123456' AS VARCHAR)")) {
            rs.next();
            text.add(rs.getString(1));
            text.add(rs.getString(2));
        }
        int a = keys.find("a");
        int b = keys.find("b");
        assertThat(t.rowsOf(a)).isEqualTo(2);
        assertThat(t.rowsOf(b)).isEqualTo(1);
        assertThat(t.rowsOf(keys.find("c"))).isZero();
        assertThat(t.row(t.firstRow(b))).containsExactly(Map.entry("i", 1), Map.entry("l", 2L), Map.entry("d", 1.5),
                Map.entry("f", 0.25f), Map.entry("dt", "2024-02-29"), Map.entry("ts", text.get(0)), Map.entry("s", "x"),
                Map.entry("b", true));
        assertThat(t.row(t.firstRow(a)).values()).containsOnlyNulls();
        assertThat(t.row(t.firstRow(a) + 1)).containsEntry("dt", "1969-12-31").containsEntry("ts", text.get(1))
                .containsEntry("s", "y");
        assertThatThrownBy(() -> pool.with(c -> ColumnTable.load(c, "SELECT * FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) v(k, x)",
                new KeyIndex(4)))).hasMessageContaining("rows of key 'a' are not together");
    }
}
