package org.rapport.spark;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.rapport.model.ModelException;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.PeriodUnit;
import org.rapport.pipeline.stage.FitStage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rapport spark analyze}: the entry point for {@code spark-submit} and for {@code bin/rapport spark}.
 *
 * <pre>
 * spark-submit --class org.rapport.spark.SparkAnalyze rapport-spark.jar analyze \
 *     --input s3a://lake/transactions/ --out s3a://lake/rapport/ --calibration-end 2024-06-30
 * </pre>
 *
 * <p>The word {@code analyze} is optional. Without {@code --master} the master comes from
 * {@code spark-submit}, or is {@code local[*]} when run with plain {@code java}. Exit codes: 0 done,
 * 2 bad input or options (the message names the option, the column or the reject rate), 3 no model
 * could be fitted.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Summarise, fit, score and value every customer on Apache Spark; write Parquet scores.")
public final class SparkAnalyze implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Transaction lines: a file or directory (Parquet, CSV or any Spark source).")
    String input;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output directory: summary/, scores/, groups/, run/, results/, kpis/, rejects/ (Parquet) and analysis.json; rapport load-results DIR publishes it into a store.")
    String out;

    @Option(names = "--format", paramLabel = "parquet|csv", description = "Input format (default: csv for *.csv, else parquet).")
    String format;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--map", split = ",", paramLabel = "COLUMN=FILECOLUMN[,...]", description = "Which file column feeds a transactions column, e.g. --map customer_id=cust.")
    Map<String, String> map = new LinkedHashMap<>();

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV delimiter (default: ,).")
    String delimiter;

    @Option(names = "--calibration-end", paramLabel = "DATE", description = "Last day of the calibration period; later purchases are the holdout. Default: all data.")
    LocalDate calibrationEnd;

    @Option(names = "--period", paramLabel = "day|week|month", defaultValue = "week", description = "Time unit of the models (default: ${DEFAULT-VALUE}).")
    String period;

    @Option(names = "--model", paramLabel = "auto|bgnbd|pnbd|mbgnbd", defaultValue = "auto", description = "Purchase model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--count", paramLabel = "orders|days", defaultValue = "orders",
            description = "What one repeat purchase is: an order (order id, else a distinct timestamp) or a day with purchases (default: ${DEFAULT-VALUE}).")
    String count;

    @Option(names = "--horizon-days", paramLabel = "DAYS", defaultValue = "365.25", description = "Horizon of expected purchases (default: ${DEFAULT-VALUE}).")
    double horizonDays;

    @Option(names = "--clv-months", paramLabel = "MONTHS", defaultValue = "36", description = "CLV horizon (default: ${DEFAULT-VALUE}).")
    int clvMonths;

    @Option(names = "--discount-rate", paramLabel = "RATE", defaultValue = "0.10", description = "Annual discount rate (default: ${DEFAULT-VALUE}).")
    double discountRate;

    @Option(names = "--margin", paramLabel = "RATE", description = "Margin rate for every customer in (0, 1]; default: from --products, else 1 (CLV on revenue).")
    Double margin;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "0.95", description = "Interval level (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--max-reject-rate", paramLabel = "RATE", defaultValue = "0.01", description = "Fail when more than this share of lines is rejected (default: ${DEFAULT-VALUE}).")
    double maxRejectRate;

    @Option(names = "--products", paramLabel = "PATH", description = "Products (product_id, margin_rate): each customer's CLV on their amount-weighted product margin, as on a single machine.")
    String products;

    @Option(names = "--segments", paramLabel = "PATH", description = "A (customer_id, segment) table: KPIs by segment instead of by relationship group.")
    String segments;

    @Option(names = "--max-spend-rows", paramLabel = "N", defaultValue = "20000000", description = "Fit the spend model on a uniform sample of this many repeat buyers when there are more (default: ${DEFAULT-VALUE}).")
    long maxSpendRows;

    @Option(names = "--partitions", paramLabel = "N", description = "Shuffle partitions (default: one per 2 million valid lines, at least the cores).")
    Integer partitions;

    /**
     * The session: UTC, no console progress; outside spark-submit the master from {@code --master} (default
     * local[*]), with this job's jar for executors in other JVMs.
     */
    private SparkSession.Builder session(boolean submitted) {
        SparkSession.Builder b = SparkSession.builder().appName("rapport analyze")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.showConsoleProgress", "false");
        if (master != null || !submitted) {
            String m = master == null ? "local[*]" : master;
            b = b.master(m);
            String jar = applicationJar();
            if (!submitted && !m.equals("local") && !m.startsWith("local[") && jar != null) {
                // Executors in other JVMs (local-cluster, a standalone or other master) load the job's classes
                // from this jar, served by the driver; spark-submit does this for its application jar.
                b = b.config("spark.jars", jar);
            }
            if (m.startsWith("local")) {
                b = b.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        return b;
    }

    private void print(SparkAnalysis.Result r, long t0) {
        System.out.printf(Locale.ROOT, "%,d lines read, %,d rejected; %,d customers (%,d born after the calibration end %s)%n",
                r.rowsRead(), r.rowsRejected(), r.customers(), r.lateCustomers(), r.calibrationEnd());
        System.out.printf(Locale.ROOT, "%s chosen: %s; spend: %s%n", r.fits().finalFit().modelName(),
                r.fits().finalFit().parameterMap(),
                r.fits().spendFit() == null ? r.fits().spendProblem() : r.fits().spendFit().parameterMap());
        System.out.printf(Locale.ROOT, "equity %.2f over %,d customers; scores in %s/scores (%.1f s)%n",
                r.equity().equity(), r.equity().customers(), out, (System.nanoTime() - t0) / 1e9);
    }

    /** @param args command-line arguments ({@code analyze} first is optional) */
    public static void main(String[] args) {
        String[] a = args.length > 0 && args[0].equals("analyze") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        System.exit(new CommandLine(new SparkAnalyze()).execute(a));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        SparkOptions options;
        try {
            AnalysisOptions a = AnalysisOptions.defaults().withCalibrationEnd(calibrationEnd)
                    .withUnit(PeriodUnit.valueOf(period.toUpperCase(Locale.ROOT)))
                    .withModel(FitStage.PurchaseModelChoice.valueOf(model.toUpperCase(Locale.ROOT)))
                    .withHorizonDays(horizonDays).withClvMonths(clvMonths).withAnnualDiscountRate(discountRate)
                    .withMargin(margin).withLevel(level)
                    .withCount(org.rapport.model.data.PurchaseHistory.Counting.valueOf(count.toUpperCase(Locale.ROOT)));
            options = new SparkOptions(input, format, out, map, delimiter, a, maxRejectRate, segments, null, maxSpendRows, products,
                    partitions);
        } catch (IllegalArgumentException e) {
            err.println("rapport spark: " + e.getMessage());
            return 2;
        }
        boolean submitted = System.getProperty("spark.master") != null;
        SparkSession.Builder b = session(submitted);
        SparkSession spark = b.getOrCreate();
        if (!submitted) {
            spark.sparkContext().setLogLevel("WARN");
        }
        try {
            long t0 = System.nanoTime();
            print(SparkAnalysis.run(spark, options), t0);
            return 0;
        } catch (SparkAnalysis.RejectRateException e) {
            err.println("rapport spark: " + e.getMessage());
            return 2;
        } catch (ModelException e) {
            err.println("rapport spark: " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            err.println("rapport spark: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            // A path that does not exist, a file that is not the format, a column Spark cannot resolve, an
            // unreadable file found by a task: the input's fault, said in one line as on the single machine
            // (exit 2). Anything else (a lost cluster, a bug) is one line too, exit 1, the trace with RAPPORT_DEBUG=1.
            Throwable input = inputCause(e);
            if (input != null) {
                err.println("rapport spark: " + inputProblem(input));
                return 2;
            }
            if (e.getCause() instanceof ModelException m) {
                err.println("rapport spark: " + m.getMessage());
                return 3;
            }
            err.println("rapport spark: the job failed: " + firstLine(root(e)));
            if (System.getenv("RAPPORT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        } finally {
            spark.stop();
        }
    }

    /** @return the first line of Spark's message, without its error class prefix */
    static String inputProblem(Throwable e) {
        return "cannot read the input: " + firstLine(e).replaceFirst("^\\[[A-Z_.]+\\] ", "");
    }

    /**
     * @return the deepest exception in the chain that says the input is at fault (the most specific: a task's
     *     failure wraps "FILE is not a Parquet file" in a job abort whose first line names no file), or null
     */
    static Throwable inputCause(Throwable e) {
        Throwable found = null;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.apache.spark.sql.AnalysisException || c instanceof java.io.FileNotFoundException
                    || c.getClass().getName().startsWith("org.apache.parquet.")
                    || c.getClass().getName().equals("org.apache.hadoop.fs.UnsupportedFileSystemException")
                    || c instanceof ClassNotFoundException && c.getMessage() != null && c.getMessage().contains("org.apache.hadoop.fs.")
                    || c.getClass().getName().endsWith("SchemaColumnConvertNotSupportedException")
                    || c.getMessage() != null && (c.getMessage().startsWith("[FAILED_READ_FILE")
                            || c.getMessage().startsWith("[CANNOT_READ_FILE_FOOTER")
                            || c.getMessage().contains("is not a Parquet file"))) {
                found = c;
            }
        }
        return found;
    }

    private static Throwable root(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** @return the jar this class was loaded from, or null (classes folder: tests, an IDE) */
    static String applicationJar() {
        try {
            java.net.URL u = SparkAnalyze.class.getProtectionDomain().getCodeSource().getLocation();
            String path = java.nio.file.Path.of(u.toURI()).toString();
            return path.endsWith(".jar") ? path : null;
        } catch (Exception e) { // no code source (a custom class loader): spark.jars is then the user's to set
            return null;
        }
    }
}
