package org.rapport.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.rapport.store.schema.Migration;
import org.rapport.store.schema.Migrations;

/**
 * Returns netting written once: the store's own view definitions ({@code net_lines},
 * {@code purchase_lines}, {@code purchases} in the store's migrations, the latest definition of each),
 * run by Spark SQL as temporary views over a {@code transactions} view of the checked lines. The SQL is
 * the common subset of DuckDB and Spark SQL (aggregate {@code FILTER}, {@code CASE}, {@code CAST},
 * {@code HAVING}); a store migration that used DuckDB-only syntax in these views would fail here at the
 * first run, in the tests, not silently differ.
 */
final class StoreViews {
    /** The views Spark needs, in dependency order. */
    static final List<String> VIEWS = List.of("net_lines", "purchase_lines", "purchases");
    private static final Pattern VIEW = Pattern.compile(
            "CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(\\w+)\\s+AS\\s+(.*?);", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private StoreViews() {
    }

    /** @return view name to its SELECT, the latest definition over the store's migrations */
    static Map<String, String> definitions() {
        Map<String, String> found = new LinkedHashMap<>();
        for (Migration m : Migrations.store()) {
            Matcher v = VIEW.matcher(m.sql().replaceAll("(?m)--.*$", ""));
            while (v.find()) {
                found.put(v.group(1).toLowerCase(java.util.Locale.ROOT), v.group(2));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : VIEWS) {
            String sql = found.get(name);
            if (sql == null) {
                throw new IllegalStateException("the store's migrations define no view " + name);
            }
            out.put(name, sql);
        }
        return out;
    }

    /**
     * Registers the views over the session's {@code transactions} view (columns of the store's
     * {@code transactions} table: customer_id, ts, amount, order_id, product_id, quantity, channel).
     *
     * @param spark the session
     */
    static void register(SparkSession spark) {
        definitions().forEach((name, sql) -> spark.sql(sql).createOrReplaceTempView(name));
    }
}
