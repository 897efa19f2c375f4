package org.rapport.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.rapport.store.ingest.Kind;

/**
 * Reads transaction lines from any Spark source and checks them, the way {@code rapport ingest} does for
 * the store: file columns are matched to the {@code transactions} columns by {@code --map target=source},
 * then by name, then by the aliases of {@link Kind#TRANSACTIONS} (the same lists, so a file the CLI
 * ingests is read the same here). Every line gets a {@code reason}: null when it is usable, otherwise why
 * not (missing customer id, unparseable date, unparseable or non-finite amount).
 *
 * <p>Output columns: {@code customer_id} (string), {@code order_id}, {@code product_id} (string or
 * null), {@code ts} (timestamp: a time of day is kept, as the store keeps it), {@code day} (its date), {@code amount} (double), {@code reason}, {@code field}, {@code value}
 * (the offending text) and {@code raw_customer_id}, {@code raw_ts}, {@code raw_amount}, {@code file}
 * for the rejects output.
 */
public final class TransactionsReader {
    /** The date-time patterns tried in order; the date part is all the models use. */
    private static final List<String> DATE_PATTERNS = List.of("yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd");

    private TransactionsReader() {
    }

    /**
     * @param spark the session
     * @param input path (file or directory, any Hadoop file system)
     * @param format a Spark source: {@code parquet}, {@code csv}, {@code orc}, {@code json}...
     * @param mapping explicit table column to file column, e.g. {@code customer_id=cust}
     * @param delimiter CSV delimiter, or null for a comma
     * @return the checked lines
     * @throws IllegalArgumentException if a required column cannot be found (the message lists the file's columns)
     */
    public static Dataset<Row> read(SparkSession spark, String input, String format, Map<String, String> mapping,
                                    String delimiter) {
        DataFrameReader r = spark.read().format(format);
        if (format.equals("csv")) {
            // Every column as text: ids keep their leading zeros, and bad numbers become rejects, not nulls.
            r = r.option("header", "true").option("inferSchema", "false").option("mode", "PERMISSIVE");
            if (delimiter != null) {
                r = r.option("delimiter", delimiter);
            }
        }
        Dataset<Row> df = r.load(input);
        Map<String, String> source = resolve(List.of(df.columns()), mapping, input);
        Column file = fileColumn(df, input);
        Column rawId = text(df, source.get("customer_id"));
        Column rawTs = text(df, source.get("ts"));
        Column rawAmount = text(df, source.get("amount"));
        Column id = trim(rawId);
        Column ts = ts(df, source.get("ts"));
        Column day = functions.to_date(ts);
        Column amount = amount(df, source.get("amount"));
        Column orderId = source.containsKey("order_id") ? functions.nullif(trim(text(df, source.get("order_id"))), lit(""))
                : lit(null).cast(DataTypes.StringType);
        Column productId = source.containsKey("product_id") ? trim(text(df, source.get("product_id")))
                : lit(null).cast(DataTypes.StringType);
        Column badId = id.isNull().or(id.equalTo(""));
        Column badDay = day.isNull();
        Column badAmount = amount.isNull().or(functions.isnan(amount))
                .or(functions.abs(amount).equalTo(lit(Double.POSITIVE_INFINITY)));
        Column reason = when(badId, lit("missing customer id"))
                .when(badDay, lit("unparseable date"))
                .when(badAmount, lit("unparseable amount"));
        Column field = when(badId, lit("customer_id")).when(badDay, lit("ts")).when(badAmount, lit("amount"));
        Column value = when(badId, rawId).when(badDay, rawTs).when(badAmount, rawAmount);
        return df.select(id.as("customer_id"), orderId.as("order_id"), productId.as("product_id"), ts.as("ts"), day.as("day"),
                amount.as("amount"), reason.as("reason"), field.as("field"), value.as("value"),
                rawId.as("raw_customer_id"), rawTs.as("raw_ts"), rawAmount.as("raw_amount"), file.as("file"));
    }

    /** Table column to file column, as the store's ingest resolves it (explicit, exact, normalised name, alias). */
    static Map<String, String> resolve(List<String> columns, Map<String, String> explicit, String input) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> wanted = List.of("customer_id", "ts", "amount", "order_id", "product_id");
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            if (!Kind.TRANSACTIONS.columns().contains(e.getKey())) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "--map %s=%s: %s is not a transactions column (columns: %s)", e.getKey(), e.getValue(),
                        e.getKey(), String.join(", ", Kind.TRANSACTIONS.columns())));
            }
            String found = columns.stream().filter(c -> c.equalsIgnoreCase(e.getValue())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(String.format(Locale.ROOT,
                            "--map %s=%s: %s has no column %s (columns: %s)", e.getKey(), e.getValue(), input,
                            e.getValue(), String.join(", ", columns))));
            out.put(e.getKey(), found);
        }
        for (String target : wanted) {
            if (out.containsKey(target)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(target);
            names.addAll(Kind.TRANSACTIONS.aliases(target));
            for (String n : names) {
                String hit = columns.stream().filter(c -> normalise(c).equals(normalise(n)) && !out.containsValue(c))
                        .findFirst().orElse(null);
                if (hit != null) {
                    out.put(target, hit);
                    break;
                }
            }
            if (!out.containsKey(target) && Kind.TRANSACTIONS.requiredColumns().contains(target)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s has no %s column (columns: %s); name it with --map %s=COLUMN", input, target,
                        String.join(", ", columns), target));
            }
        }
        return out;
    }

    /** The file each line came from, where the source has files (Spark's hidden _metadata column); else the input. */
    private static Column fileColumn(Dataset<Row> df, String input) {
        try {
            df.select(col("_metadata.file_path")).schema();
            return col("_metadata.file_path");
        } catch (Exception e) { // an AnalysisException, which Scala throws undeclared
            return lit(input);
        }
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s_.\\-]", "");
    }

    private static DataType type(Dataset<Row> df, String column) {
        for (StructField f : df.schema().fields()) {
            if (f.name().equals(column)) {
                return f.dataType();
            }
        }
        throw new IllegalStateException(column);
    }

    private static Column text(Dataset<Row> df, String column) {
        return df.col(quote(column)).cast(DataTypes.StringType);
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static Column ts(Dataset<Row> df, String column) {
        DataType t = type(df, column);
        Column c = df.col(quote(column));
        if (t.equals(DataTypes.TimestampType)) {
            return c;
        }
        if (t.equals(DataTypes.DateType) || t.equals(DataTypes.TimestampNTZType)) {
            return c.cast(DataTypes.TimestampType);
        }
        // Text: ISO date or date-time (with its time of day), yyyyMMdd, yyyy/MM/dd, as the store's ingest accepts.
        Column s = trim(c.cast(DataTypes.StringType));
        Column head = functions.substring(s, 1, 10);
        List<Column> tries = new ArrayList<>();
        tries.add(functions.try_to_timestamp(s, lit("yyyy-MM-dd HH:mm:ss[.SSSSSS]")));
        tries.add(functions.try_to_timestamp(s, lit("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]")));
        tries.add(functions.try_to_timestamp(s, lit("yyyy-MM-dd HH:mm")));
        tries.add(functions.try_to_timestamp(s, lit("yyyy-MM-dd'T'HH:mm")));
        for (String p : DATE_PATTERNS) {
            Column src = p.length() == 10 ? head : s;
            tries.add(functions.try_to_timestamp(src, lit(p)));
        }
        Column ok = functions.length(s).equalTo(lit(10)).or(functions.length(s).equalTo(lit(8)))
                .or(functions.substring(s, 11, 1).isin("T", " "));
        return when(ok, coalesce(tries.toArray(new Column[0])));
    }

    private static Column amount(Dataset<Row> df, String column) {
        DataType t = type(df, column);
        Column c = df.col(quote(column));
        if (t.equals(DataTypes.StringType)) {
            return trim(c).try_cast(DataTypes.DoubleType);
        }
        return c.cast(DataTypes.DoubleType);
    }
}
