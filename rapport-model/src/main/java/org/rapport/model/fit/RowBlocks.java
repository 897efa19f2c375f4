package org.rapport.model.fit;

import java.util.stream.IntStream;

/**
 * A sum over the rows of a likelihood, computed in fixed blocks of {@value #BLOCK} rows that run in
 * parallel (the common fork-join pool and the calling thread), then added in block order.
 *
 * <p>Each block keeps its own compensated (Neumaier) sum of the value and plain sums of the gradient's
 * components; the blocks' sums are then added in increasing block order, compensated. The blocks and the
 * order of every addition are fixed by the number of rows alone, so the result is the same, to the
 * last bit, on 1 thread or on 64. Compensation keeps the rounding noise of a million-row sum near
 * 1e-16 relative: plain summation's ~1e-14 exceeds what BFGS gains in its last steps on a large base,
 * and its line search then stalls on noise.
 */
public final class RowBlocks {
    /** Rows per block: large enough that a block's work dwarfs handing it to a thread. */
    public static final int BLOCK = 1 << 14;

    private RowBlocks() {
    }

    /** One block's rows [from, to): adds each row's value and gradient to {@code acc}. */
    @FunctionalInterface
    public interface Body {
        void run(int from, int to, Accumulator acc);
    }

    /** Work on the items [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Compensated sums of a value and k gradient components. Not thread-safe: one per block. */
    public static final class Accumulator {
        private final double[] sum;
        private final double[] comp;

        Accumulator(int width) {
            sum = new double[width];
            comp = new double[width];
        }

        /** Adds {@code v} to the value, compensated. */
        public void value(double v) {
            add(0, v);
        }

        /**
         * Adds {@code v} to gradient component {@code j} (0-based), plainly: within a block the
         * gradient's rounding is far below the optimiser's tolerance; the blocks are added compensated.
         */
        public void gradient(int j, double v) {
            sum[j + 1] += v;
        }

        void add(int j, double v) {
            double s = sum[j];
            double t = s + v;
            comp[j] += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            sum[j] = t;
        }

        double total(int j) {
            return sum[j] + comp[j];
        }
    }

    /**
     * @param rows the number of rows
     * @param gradient receives the summed gradient when not null (its length is k)
     * @param k the number of gradient components
     * @param body the per-block work
     * @return the summed value
     */
    public static double sum(int rows, double[] gradient, int k, Body body) {
        int blocks = Math.max(1, (rows + BLOCK - 1) / BLOCK);
        Accumulator[] parts = new Accumulator[blocks];
        IntStream range = IntStream.range(0, blocks);
        (blocks > 1 ? range.parallel() : range).forEach(b -> {
            Accumulator acc = new Accumulator(k + 1);
            body.run(b * BLOCK, Math.min(rows, (b + 1) * BLOCK), acc);
            parts[b] = acc;
        });
        Accumulator total = new Accumulator(k + 1);
        for (Accumulator part : parts) {
            for (int j = 0; j <= k; j++) {
                total.add(j, part.total(j));
            }
        }
        if (gradient != null) {
            for (int j = 0; j < k; j++) {
                gradient[j] = total.total(j + 1);
            }
        }
        return total.total(0);
    }

    /**
     * Runs {@code body} over [0, count) in the same fixed blocks, in parallel, for per-row work whose
     * results go to separate array slots (no sum).
     *
     * @param count the number of items
     * @param body the work on [from, to)
     */
    public static void forEach(int count, Range body) {
        int blocks = Math.max(1, (count + BLOCK - 1) / BLOCK);
        IntStream range = IntStream.range(0, blocks);
        (blocks > 1 ? range.parallel() : range).forEach(b -> body.run(b * BLOCK, Math.min(count, (b + 1) * BLOCK)));
    }
}
