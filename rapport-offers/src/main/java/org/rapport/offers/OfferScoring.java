package org.rapport.offers;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/**
 * Batch scoring: the top-K offers of every customer into {@code customer_offers} (replacing its
 * rows). Customers are taken in id order in chunks; worker threads compute the chunks' offers and the
 * calling thread appends them in order with DuckDB's appender, so memory stays bounded.
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
        LocalDateTime created = LocalDateTime.now();
        long rows = 0;
        long withOffers = 0;
        Connection c = store.connection();
        try {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("DELETE FROM customer_offers");
                }
                try (DuckDBAppender app = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "customer_offers")) {
                    ArrayDeque<Future<List<List<Offer>>>> inFlight = new ArrayDeque<>();
                    int next = 0;
                    int done = 0;
                    while (done < n) {
                        while (next < n && inFlight.size() < 2 * threads + 1) {
                            int from = next;
                            int to = Math.min(n, from + CHUNK);
                            inFlight.add(pool.submit(() -> chunk(engine, from, to, k)));
                            next = to;
                        }
                        List<List<Offer>> chunk = inFlight.poll().get();
                        for (List<Offer> offers : chunk) {
                            String id = engine.customerId(done);
                            int rank = 1;
                            for (Offer o : offers) {
                                app.beginRow();
                                app.append(id);
                                app.append(rank++);
                                app.append(o.offerId());
                                app.append(o.productId());
                                app.append(o.score());
                                app.append(o.propensity());
                                app.append(o.value());
                                app.append(o.source());
                                app.append(o.reason());
                                app.append(created);
                                app.endRow();
                                rows++;
                            }
                            withOffers += offers.isEmpty() ? 0 : 1;
                            done++;
                        }
                        progress.advance(done);
                    }
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        progress.finish(String.format(java.util.Locale.ROOT, "%,d offers for %,d of %,d customers in %.1f s", rows, withOffers, n, secs));
        return new Summary(n, rows, withOffers, secs);
    }

    private static List<List<Offer>> chunk(OfferEngine engine, int from, int to, int k) {
        List<List<Offer>> out = new ArrayList<>(to - from);
        for (int c = from; c < to; c++) {
            out.add(engine.offersFor(c, k, OfferEngine.Ranking.SCORE));
        }
        return out;
    }
}
