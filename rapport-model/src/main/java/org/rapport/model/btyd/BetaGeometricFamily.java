package org.rapport.model.btyd;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.numbers.gamma.LogBeta;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.ModelFamily;

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

    @Override
    public LogLikelihood logLikelihood(RfmTable data) {
        BtydChecks.checkFittable(name, data);
        return (p, g) -> {
            double r = p[0];
            double alpha = p[1];
            double a = p[2];
            double b = p[3];
            if (g != null) {
                Arrays.fill(g, 0);
            }
            double logBetaAB = LogBeta.value(a, b);
            double ll = 0;
            BetaGeometricTerms k = null;
            for (int i = 0; i < data.size(); i++) {
                double x = data.x(i);
                if (k == null || k.x != x) {
                    k = new BetaGeometricTerms(r, alpha, a, b, logBetaAB, x, extraToss, g != null);
                }
                ll += k.row(data.tx(i), data.bigT(i), g, data.count(i));
            }
            return ll;
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
    public int distinctRows(RfmTable data) {
        return data.size();
    }
}
