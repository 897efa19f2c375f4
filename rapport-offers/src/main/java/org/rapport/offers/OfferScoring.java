package org.rapport.offers;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/**
 * Batch scoring: the top-K offers of every customer into {@code customer_offers} (replacing its
 * rows). Customers are taken in id order in chunks; worker threads compute the chunks' offers as CSV
 * text and the calling thread writes them in order to a temporary file (at most 2 × threads + 1 chunks
 * in memory), which DuckDB's parallel CSV reader loads with one {@code COPY} (about the CPU of the
 * row appender on a million customers, but the load runs on all cores).
 */
public final class OfferScoring {
    private static final int CHUNK = 4096;

    private OfferScoring() {
    }

    /**
     * The figures of one batch run.
     *
     * @param customers customers scored
     * @param offers rows written
     * @param customersWithOffers customers with at least one offer
     * @param seconds wall time of scoring and writing (not loading)
     */
    public record Summary(long customers, long offers, long customersWithOffers, double seconds) {
    }

    /**
     * Scores every customer and writes the offers.
     *
     * @param store the store
     * @param engine the engine (its contact policy applies)
     * @param k offers per customer (1 to 256)
     * @param progress progress over customers
     * @return the figures
     */
    public static Summary run(RapportStore store, OfferEngine engine, int k, Progress progress) {
        if (k < 1 || k > 256) {
            throw new OfferException(OfferException.BAD_CONFIG, "top", k, "between 1 and 256");
        }
        long t0 = System.nanoTime();
        int n = engine.customers();
        progress.start("offers", n);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "offers-score");
            t.setDaemon(true);
            return t;
        });
        String createdText = LocalDateTime.now().withNano(0).toString().replace('T', ' ');
        java.util.concurrent.atomic.AtomicLongArray counts = new java.util.concurrent.atomic.AtomicLongArray(2);
        Connection c = store.connection();
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("DELETE FROM customer_offers");
                }
                Path tmp = Files.createTempFile("rapport-offers-", ".csv");
                try {
                    writeChunks(tmp, pool, threads, engine, k, createdText, counts, progress);
                    try (Statement st = c.createStatement()) {
                        st.execute("COPY customer_offers FROM '" + tmp.toAbsolutePath().toString().replace("'", "''")
                                + "' (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"', NULL '\\N', DELIMITER ',')");
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException(e, StoreException.QUERY_FAILED, StoreException.firstLine(e));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the temporary file of the offers: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long rows = counts.get(0);
        long withOffers = counts.get(1);
        double secs = (System.nanoTime() - t0) / 1e9;
        progress.finish(String.format(java.util.Locale.ROOT, "%,d offers for %,d of %,d customers in %.1f s", rows, withOffers, n, secs));
        return new Summary(n, rows, withOffers, secs);
    }

    /** Scores the customers chunk by chunk on the pool and writes the rows in customer order to {@code tmp}. */
    private static void writeChunks(Path tmp, ExecutorService pool, int threads, OfferEngine engine, int k, String createdText,
                                    java.util.concurrent.atomic.AtomicLongArray counts, Progress progress)
            throws java.io.IOException, InterruptedException, java.util.concurrent.ExecutionException {
        int n = engine.customers();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 20)) {
            ArrayDeque<Future<String>> inFlight = new ArrayDeque<>();
            int next = 0;
            int done = 0;
            while (done < n) {
                while (next < n && inFlight.size() < 2 * threads + 1) {
                    int from = next;
                    int to = Math.min(n, from + CHUNK);
                    inFlight.add(pool.submit(() -> chunk(engine, from, to, k, createdText, counts)));
                    next = to;
                }
                w.write(inFlight.poll().get());
                done = Math.min(n, done + CHUNK);
                progress.advance(done);
            }
        }
    }

    /** One chunk's rows as CSV text (text fields quoted, quotes doubled; a missing value is \\N). */
    private static String chunk(OfferEngine engine, int from, int to, int k, String created, java.util.concurrent.atomic.AtomicLongArray counts) {
        StringBuilder sb = new StringBuilder((to - from) * k * 200);
        long rows = 0;
        long with = 0;
        for (int c = from; c < to; c++) {
            List<Offer> offers = engine.offersFor(c, k, OfferEngine.Ranking.SCORE);
            String id = engine.customerId(c);
            int rank = 1;
            for (Offer o : offers) {
                quoted(sb, id).append(',').append(rank++).append(',');
                quoted(sb, o.offerId()).append(',');
                quoted(sb, o.productId()).append(',').append(o.score()).append(',').append(o.propensity()).append(',').append(o.value()).append(',');
                quoted(sb, o.source()).append(',');
                quoted(sb, o.reason()).append(',').append(created).append('\n');
                rows++;
            }
            with += offers.isEmpty() ? 0 : 1;
        }
        counts.addAndGet(0, rows);
        counts.addAndGet(1, with);
        return sb.toString();
    }

    private static StringBuilder quoted(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append("\\N");
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                sb.append('"');
            }
            sb.append(ch);
        }
        return sb.append('"');
    }
}
