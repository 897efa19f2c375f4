package org.rapport.analytics;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.rapport.analytics.segment.ClusterQuality;
import org.rapport.analytics.segment.SegmentOptions;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;

/**
 * Times the whole after-scoring job, {@link AfterScoring#run}, on a copy of a scored store (ingested
 * world, {@code Analysis.run} done), step by step: wall time, process CPU time (user + system, all
 * threads, DuckDB's included) and the load average. Not part of the build: run by hand with
 * <pre>
 * mvn -o -q -B test -pl rapport-analytics -am -Dtest=AfterScoringBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Drapport.bench.store=/tmp/segspeed-1m.duckdb [-Drapport.bench.truth=/tmp/sim1m/truth_customers.csv] \
 *     [-Drapport.bench.reps=2] [-Drapport.bench.rediscover=true] [-Drapport.bench.keep=true]
 * </pre>
 * Each repetition copies the store next to it (the original is never written), forces the copy to
 * disk and runs the job on the copy, so every repetition starts from the same state; with {@code rediscover} (the default) the
 * segments are discovered again, as on the first analysis of a store. With a truth file it prints the
 * adjusted Rand index of the segments against the planted ones. With {@code keep} the last copy stays
 * (named after the store with {@code .bench} added) to compare its tables with another run's.
 */
@EnabledIfSystemProperty(named = "rapport.bench.store", matches = ".+")
class AfterScoringBench {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Test
    void timeAfterScoring() throws IOException {
        Path source = Path.of(System.getProperty("rapport.bench.store"));
        Path copy = source.resolveSibling(source.getFileName() + ".bench");
        boolean rediscover = Boolean.parseBoolean(System.getProperty("rapport.bench.rediscover", "true"));
        for (int rep = 0; rep < Integer.getInteger("rapport.bench.reps", 2); rep++) {
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + ".wal"));
            // the copy on disk before the clock starts: otherwise the job's first fsync (a commit, a
            // checkpoint) waits for the whole copy's write-back, most of a second here
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try (RapportStore store = RapportStore.open(copy)) {
                System.out.println("BENCH duckdb threads " + store.queryLong("SELECT current_setting('threads')"));
                Steps steps = new Steps();
                long w0 = System.nanoTime();
                long c0 = OS.getProcessCpuTime();
                AfterScoring.run(store, RunContext.require(store), SegmentOptions.defaults().withRediscover(rediscover), AnalyticsOptions.defaults(), steps);
                steps.close("segment KPIs and report sections");
                System.out.printf(Locale.ROOT, "BENCH run %d: AfterScoring.run %.1f s wall, %.1f s cpu, load %.2f%n%s", rep + 1,
                        (System.nanoTime() - w0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9, OS.getSystemLoadAverage(),
                        String.join("", steps.lines));
                String truth = System.getProperty("rapport.bench.truth");
                if (truth != null) {
                    System.out.printf(Locale.ROOT, "BENCH ARI of customer_segment vs planted segments %.4f%n",
                            ari(store, Path.of(truth)));
                }
                System.out.flush();
            }
        }
        if (!Boolean.getBoolean("rapport.bench.keep")) {
            Files.deleteIfExists(copy);
        }
    }

    /** Records each progress stage's wall and CPU time, and the time between stages under the next stage's name. */
    private static final class Steps implements Progress {
        final List<String> lines = new ArrayList<>();
        private long wall = System.nanoTime();
        private long cpu = OS.getProcessCpuTime();

        @Override
        public void start(String stage, long total) {
            close("before " + stage);
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void finish(String summary) {
            close(summary);
        }

        void close(String what) {
            long w = System.nanoTime();
            long c = OS.getProcessCpuTime();
            if (w - wall > 50_000_000L) {
                lines.add(String.format(Locale.ROOT, "BENCH   %-72s %6.2f s wall %6.2f s cpu  load %.2f%n", what,
                        (w - wall) / 1e9, (c - cpu) / 1e9, OS.getSystemLoadAverage()));
            }
            wall = w;
            cpu = c;
        }
    }

    private static double ari(RapportStore store, Path truthFile) throws IOException {
        Map<String, String> truth = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(truthFile)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int a = line.indexOf(',');
                truth.put(line.substring(0, a), line.substring(a + 1, line.indexOf(',', a + 1)));
            }
        }
        List<String> found = new ArrayList<>();
        List<String> planted = new ArrayList<>();
        store.stream("SELECT customer_id, segment FROM customer_segment", rs -> {
            String t = truth.get(rs.getString(1));
            if (t != null) {
                found.add(rs.getString(2));
                planted.add(t);
            }
            return null;
        }, x -> { });
        return ClusterQuality.adjustedRandIndex(found.toArray(new String[0]), planted.toArray(new String[0]));
    }
}
