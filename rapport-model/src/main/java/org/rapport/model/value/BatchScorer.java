package org.rapport.model.value;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.DistinctRows;

/**
 * How a batch of customers is scored: grouped by their distinct histories and spread over threads. The
 * machinery behind {@link Clv#values} and the intervals ({@link org.rapport.model.interval.DeltaMethod},
 * {@link org.rapport.model.interval.ParametricBootstrap}); the formula itself is {@link Clv}'s.
 *
 * <p>{@link Rows} holds the distinct (x, t_x, T) of a batch and the distinct (x, T) among them (work that
 * depends on a customer's history only is done once per distinct value); {@link Groups} indexes one level
 * from the other; {@link #parallel} runs a loop in chunks on up to {@link #threads()} threads. Results do
 * not depend on the number of threads (each value is computed by the same operations in the same order),
 * and a failing batch reports the error a sequential loop would have thrown first.
 */
public final class BatchScorer {
    /** Fewest customers worth handing to another thread: their work is a closed form each. */
    public static final int CUSTOMER_GRAIN = 4096;

    private final int threads;

    private BatchScorer(int threads) {
        this.threads = threads;
    }

    /** @param threads threads a batch is spread over, &ge; 1 (the caller is one of them) @return the scorer */
    public static BatchScorer of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        return new BatchScorer(threads);
    }

    /** @return the number of threads a batch is spread over */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over [0, count) in chunks, on up to {@link #threads()} threads (the caller is one of
     * them). Chunks are handed out in increasing order; if some fail, the exception of the failing chunk
     * that starts first is rethrown, as a sequential loop would have thrown it. Other threads' writes are
     * visible to the caller on return (the threads are joined).
     *
     * @param count the loop's length
     * @param grain the fewest indices worth a thread of their own
     * @param body the loop over a chunk
     */
    public void parallel(int count, int grain, Chunk body) {
        int workers = (int) Math.min(threads, ((long) count + grain - 1) / grain);
        if (workers <= 1) {
            body.run(0, count);
            return;
        }
        int chunk = Math.max(grain, count / (workers * 16));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Failure> failure = new AtomicReference<>();
        Runnable worker = () -> {
            while (true) {
                int from = next.getAndAdd(chunk);
                Failure f = failure.get();
                if (from >= count || (f != null && f.from < from)) {
                    return;
                }
                try {
                    body.run(from, Math.min(count, from + chunk));
                } catch (RuntimeException | Error e) {
                    Failure mine = new Failure(from, e);
                    failure.accumulateAndGet(mine, (a, b) -> a == null || b.from < a.from ? b : a);
                }
            }
        };
        Thread[] helpers = new Thread[workers - 1];
        for (int t = 0; t < helpers.length; t++) {
            helpers[t] = new Thread(worker, "rapport-clv-" + (t + 1));
            helpers[t].setDaemon(true);
            helpers[t].start();
        }
        worker.run();
        joinAll(helpers);
        Failure f = failure.get();
        if (f != null) {
            if (f.error instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) f.error;
        }
    }

    private static void joinAll(Thread[] helpers) {
        boolean interrupted = false;
        for (Thread t : helpers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    // The helpers write into the caller's arrays: wait for them, then restore the flag.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loop over [from, to). */
    @FunctionalInterface
    public interface Chunk {
        /** @param from first index @param to one past the last index */
        void run(int from, int to);
    }

    private record Failure(int from, Throwable error) {
    }

    /** Indices grouped by a key in [0, groups): a counting sort. */
    public static final class Groups {
        /** start[g] .. start[g + 1] - 1 index {@link #order} for group g. */
        public final int[] start;
        /** The indices, grouped by key, in increasing order within a group. */
        public final int[] order;

        private Groups(int[] start, int[] order) {
            this.start = start;
            this.order = order;
        }

        /** @param key each index's group @param groups the number of groups @return the grouping */
        public static Groups of(int[] key, int groups) {
            int[] start = new int[groups + 1];
            for (int g : key) {
                start[g + 1]++;
            }
            for (int g = 0; g < groups; g++) {
                start[g + 1] += start[g];
            }
            int[] next = Arrays.copyOf(start, groups);
            int[] order = new int[key.length];
            for (int i = 0; i < key.length; i++) {
                order[next[key[i]]++] = i;
            }
            return new Groups(start, order);
        }
    }

    /**
     * The distinct (x, t_x, T) of a batch ("rows") with each customer's row, and the distinct (x, T)
     * ("pairs") with each row's pair. The arrays are shared, not copied: read them only.
     */
    public static final class Rows {
        /** Each customer's row. */
        public final int[] row;
        /** Per row: x, t_x, T. */
        public final double[] x;
        /** Per row: t_x. */
        public final double[] tx;
        /** Per row: T. */
        public final double[] bigT;
        /** Each row's pair. */
        public final int[] pair;
        /** Per pair: x. */
        public final double[] pairX;
        /** Per pair: T. */
        public final double[] pairT;

        private Rows(int[] row, double[] x, double[] tx, double[] bigT, int[] pair, double[] pairX, double[] pairT) {
            this.row = row;
            this.x = x;
            this.tx = tx;
            this.bigT = bigT;
            this.pair = pair;
            this.pairX = pairX;
            this.pairT = pairT;
        }

        /**
         * @param x repeat purchases per customer
         * @param tx recency per customer
         * @param bigT length of observation per customer
         * @param mbar mean repeat spend per customer (only its length is checked)
         * @return the rows and pairs of the batch
         */
        public static Rows of(double[] x, double[] tx, double[] bigT, double[] mbar) {
            int n = x.length;
            if (tx.length != n || bigT.length != n || mbar.length != n) {
                throw new IllegalArgumentException("x, t_x, T and mbar must have the same length");
            }
            DistinctRows d = DistinctRows.of(x, tx, bigT);
            int[] row = new int[n];
            for (int i = 0; i < n; i++) {
                row[i] = d.row(i);
            }
            int nr = d.size();
            double[] dx = new double[nr];
            double[] dtx = new double[nr];
            double[] dT = new double[nr];
            for (int r = 0; r < nr; r++) {
                dx[r] = d.x(r);
                dtx[r] = d.tx(r);
                dT[r] = d.bigT(r);
            }
            // The distinct (x, T): DistinctRows keyed on (x, T, T).
            DistinctRows pairs = DistinctRows.of(dx, dT, dT);
            int[] pair = new int[nr];
            for (int r = 0; r < nr; r++) {
                pair[r] = pairs.row(r);
            }
            double[] px = new double[pairs.size()];
            double[] pT = new double[pairs.size()];
            for (int p = 0; p < px.length; p++) {
                px[p] = pairs.x(p);
                pT[p] = pairs.bigT(p);
            }
            return new Rows(row, dx, dtx, dT, pair, px, pT);
        }

        /** @return the number of distinct (x, t_x, T) */
        public int size() {
            return x.length;
        }

        /** @return the number of distinct (x, T) */
        public int pairs() {
            return pairX.length;
        }

        /** @return the customers of each pair's rows, grouped: {@link Groups} of rows by pair */
        public Groups byPair() {
            return Groups.of(pair, pairs());
        }

        /** @return {@link Groups} of customers by row */
        public Groups byRow() {
            return Groups.of(row, size());
        }

        /**
         * @param model the purchase model
         * @return P(alive | x, t_x, T) per row, checking each row in order, so that the first invalid
         *     customer is the one reported
         */
        public double[] alive(PurchaseModel model) {
            double[] alive = new double[size()];
            for (int r = 0; r < alive.length; r++) {
                alive[r] = Clv.checkedAlive(model, x[r], tx[r], bigT[r]);
            }
            return alive;
        }
    }
}
