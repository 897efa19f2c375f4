package org.rapport.model.btyd;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.numbers.gamma.LogBeta;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.model.fit.RowBlocks;

/**
 * The family of BG/NBD and MBG/NBD: parameters {@code r, alpha, a, b}, the likelihood summed over the
 * compressed table with the x-dependent terms ({@link BetaGeometricTerms}) computed once per distinct
 * x. The two models differ only in {@code extraToss}: MBG/NBD lets a customer drop out right after the
 * first purchase too.
 *
 * @param <M> the fitted model
 */
final class BetaGeometricFamily<M> implements ModelFamily<RfmTable, M> {
    private final String name;
    private final int extraToss;
    private final Function<double[], M> create;

    BetaGeometricFamily(String name, int extraToss, Function<double[], M> create) {
        this.name = name;
        this.extraToss = extraToss;
        this.create = create;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> parameterNames() {
        return List.of("r", "alpha", "a", "b");
    }

    @Override
    public M create(double[] p) {
        return create.apply(p);
    }

    /**
     * The likelihood summed in fixed blocks of rows in parallel ({@link RowBlocks}): the same result on
     * any number of threads. The x-dependent terms are computed once per distinct x per evaluation and
     * shared by all blocks.
     */
    @Override
    public LogLikelihood logLikelihood(RfmTable data) {
        BtydChecks.checkFittable(name, data);
        int n = data.size();
        int[] group = new int[n];
        double[] xs = new double[n];
        int groups = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || data.x(i) != data.x(i - 1)) {
                xs[groups++] = data.x(i);
            }
            group[i] = groups - 1;
        }
        double[] distinctX = Arrays.copyOf(xs, groups);
        return (p, g) -> {
            double r = p[0];
            double alpha = p[1];
            double a = p[2];
            double b = p[3];
            boolean gradient = g != null;
            double logBetaAB = LogBeta.value(a, b);
            BetaGeometricTerms[] terms = new BetaGeometricTerms[distinctX.length];
            for (int k = 0; k < terms.length; k++) {
                terms[k] = new BetaGeometricTerms(r, alpha, a, b, logBetaAB, distinctX[k], extraToss, gradient);
            }
            return RowBlocks.sum(n, g, 4, (from, to, acc) -> {
                double[] out = new double[5];
                for (int i = from; i < to; i++) {
                    terms[group[i]].row(data.tx(i), data.bigT(i), data.count(i), acc, gradient, out);
                }
            });
        };
    }

    @Override
    public List<double[]> startingValues(RfmTable data) {
        return BtydChecks.startingValues(data);
    }

    @Override
    public double observations(RfmTable data) {
        return data.customers();
    }

    @Override
    public RfmTable subsample(RfmTable data, int stride) {
        return data.every(stride);
    }

    @Override
    public int distinctRows(RfmTable data) {
        return data.size();
    }
}
