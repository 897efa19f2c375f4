package org.rapport.model.interval;

import org.rapport.model.fit.FitResult;

/** Parameters on the log scale, where the fits' covariances live ({@link FitResult#logCovariance()}). */
final class LogScale {
    private LogScale() {
    }

    static double[] logs(double[] p) {
        double[] t = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            t[i] = Math.log(p[i]);
        }
        return t;
    }

    static double[] exps(double[] t) {
        double[] p = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            p[i] = Math.exp(t[i]);
        }
        return p;
    }

    /** @return the fit's family's model at exp(&theta;) with &theta;<sub>j</sub> moved by step */
    static <M> M create(FitResult<M> fit, double[] theta, int j, double step) {
        double[] t = theta.clone();
        t[j] += step;
        return fit.family().create(exps(t));
    }
}
