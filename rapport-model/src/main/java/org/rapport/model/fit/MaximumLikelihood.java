package org.rapport.model.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.rapport.model.ModelException;
import org.rapport.model.numeric.Matrices;

/**
 * Fits a {@link ModelFamily} by maximum likelihood.
 *
 * <p>The optimiser ({@link Bfgs}) works on &theta; = log p so the positivity constraints vanish; the
 * gradient is the family's analytic gradient times p (chain rule). Every starting value of the family
 * is tried in order until one converges; the best converged optimum wins, so a start that wanders off
 * into a flat region or out of the domain is a fallback, not a failure. Standard errors come from the
 * Hessian of the log-likelihood at the optimum, by central differences of the analytic gradient. On a
 * large table (at least {@value #WARM_ROWS} distinct rows) the first start is the optimum of a fit on
 * a fixed subsample, with its scaled covariance as BFGS's first inverse Hessian.
 *
 * <p>Immutable: configure with {@code withDefaults().withTolerance(..)} and share.
 */
public final class MaximumLikelihood {
    private static final MaximumLikelihood DEFAULT = new MaximumLikelihood(500, 1e-9, false);
    /** Rows from which a fit starts from a subsample's fit ({@link ModelFamily#subsample}). */
    static final int WARM_ROWS = 200_000;
    /** One row in STRIDE goes into the warm start's subsample. */
    static final int STRIDE = 16;
    private final int maxIterations;
    private final double tolerance;
    private final boolean allStarts;

    private MaximumLikelihood(int maxIterations, double tolerance, boolean allStarts) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.allStarts = allStarts;
    }

    /** @return 500 iterations, gradient tolerance 1e-9 relative to |LL|, stop at the first converged start */
    public static MaximumLikelihood withDefaults() {
        return DEFAULT;
    }

    /** @param n the iteration limit per start @return a copy with that limit */
    public MaximumLikelihood withMaxIterations(int n) {
        return new MaximumLikelihood(n, tolerance, allStarts);
    }

    /**
     * @param tol convergence when max |d LL / d log p| &le; tol &middot; max(1, |LL|)
     * @return a copy with that tolerance
     */
    public MaximumLikelihood withTolerance(double tol) {
        return new MaximumLikelihood(maxIterations, tol, allStarts);
    }

    /** @param all try every start and keep the best, instead of stopping at the first that converges @return a copy */
    public MaximumLikelihood withAllStarts(boolean all) {
        return new MaximumLikelihood(maxIterations, tolerance, all);
    }

    /**
     * Fits the family to the data.
     *
     * @param family the model family
     * @param data the data
     * @param <D> data type
     * @param <M> model type
     * @return the fit
     * @throws ModelException if the data are degenerate or no start yields a finite optimum
     */
    public <D, M> FitResult<M> fit(ModelFamily<D, M> family, D data) {
        long t0 = System.nanoTime();
        LogLikelihood ll = family.logLikelihood(data);
        int k = family.parameterNames().size();
        Bfgs bfgs = Bfgs.of(maxIterations, tolerance);
        Bfgs.Objective objective = onLogScale(ll, k);
        Bfgs.Result best = null;
        int iterations = 0;
        List<String> failures = new ArrayList<>();
        Warm warm = warmStart(family, data);
        List<double[]> starts = new ArrayList<>();
        if (warm != null) {
            iterations += warm.iterations;
            starts.add(warm.start);
        }
        starts.addAll(family.startingValues(data));
        for (int s = 0; s < starts.size(); s++) {
            double[] start = starts.get(s);
            double[] theta = new double[k];
            for (int i = 0; i < k; i++) {
                theta[i] = Math.log(start[i]);
            }
            Bfgs.Result r = bfgs.minimize(objective, theta, warm != null && s == 0 ? warm.inverseHessian : null);
            iterations += r.iterations();
            if (!Double.isFinite(r.value())) {
                failures.add("non-finite likelihood");
                continue;
            }
            if (!r.converged()) {
                failures.add("no convergence after " + r.iterations() + " iterations");
            }
            if (best == null || (r.converged() && !best.converged())
                    || (r.converged() == best.converged() && r.value() < best.value())) {
                best = r;
            }
            if (best.converged() && !allStarts) {
                break;
            }
        }
        if (best == null) {
            throw new ModelException(ModelException.NO_CONVERGENCE, family.name(), String.join("; ", failures));
        }
        double[] theta = best.point();
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(theta[i]);
        }
        double[][] cov = invertNegative(hessian(objective, theta));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new FitResult<>(family, family.create(p), family.parameterNames(), p, cov, -best.value(),
                family.observations(data), family.distinctRows(data), iterations, best.converged(), millis);
    }

    /** Minus the log-likelihood as a function of &theta; = log p, its gradient by the chain rule. */
    private static Bfgs.Objective onLogScale(LogLikelihood ll, int k) {
        return (theta, grad) -> {
            double[] p = new double[k];
            for (int i = 0; i < k; i++) {
                p[i] = Math.exp(theta[i]);
            }
            double v = ll.value(p, grad);
            for (int i = 0; i < k; i++) {
                grad[i] = -grad[i] * p[i];
            }
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : -v;
        };
    }

    /**
     * A warm start for a large table: the fit on one row in {@value #STRIDE} (when the family offers a
     * subsample and the table has at least {@value #WARM_ROWS} rows), its optimum as the first start and
     * its covariance, scaled by the ratio of customers, as the first inverse Hessian: the full fit then
     * needs a few Newton-like steps instead of some thirty. The optimum is the full data's (the same
     * convergence test); only the path to it changes. Null when there is no subsample or its fit
     * failed, converged nowhere or has no covariance.
     */
    private <D, M> Warm warmStart(ModelFamily<D, M> family, D data) {
        D sub = family.distinctRows(data) >= WARM_ROWS ? family.subsample(data, STRIDE) : null;
        if (sub == null) {
            return null;
        }
        FitResult<M> fit;
        try {
            fit = fit(family, sub);
        } catch (ModelException e) {
            return null;
        }
        double[][] cov = fit.logCovariance();
        double scale = fit.observations() / family.observations(data);
        for (double[] row : cov) {
            for (int j = 0; j < row.length; j++) {
                if (!Double.isFinite(row[j])) {
                    return null;
                }
                row[j] *= scale;
            }
        }
        return fit.converged() ? new Warm(fit.parameters(), cov, fit.iterations()) : null;
    }

    private record Warm(double[] start, double[][] inverseHessian, int iterations) {
    }

    /**
     * Wraps a log-likelihood without an analytic gradient: the gradient is taken by central
     * differences with a relative step of 1e-6. Use for models whose gradient the math does not give
     * cheaply; it costs 2k extra evaluations per gradient.
     *
     * @param f the log-likelihood as a function of the natural parameters
     * @return a {@link LogLikelihood} that fills the gradient numerically
     */
    public static LogLikelihood numericalGradient(ToDoubleFunction<double[]> f) {
        return (p, grad) -> {
            double v = f.applyAsDouble(p);
            if (grad != null) {
                double[] q = p.clone();
                for (int i = 0; i < p.length; i++) {
                    double h = 1e-6 * Math.max(Math.abs(p[i]), 1e-8);
                    q[i] = p[i] + h;
                    double up = f.applyAsDouble(q);
                    q[i] = p[i] - h;
                    double down = f.applyAsDouble(q);
                    q[i] = p[i];
                    grad[i] = (up - down) / (2 * h);
                }
            }
            return v;
        };
    }

    /** Hessian of the objective (minus LL) in log-parameter space, by central differences of the gradient. */
    private static double[][] hessian(Bfgs.Objective f, double[] theta) {
        int k = theta.length;
        double[][] h = new double[k][k];
        double[] up = new double[k];
        double[] down = new double[k];
        for (int j = 0; j < k; j++) {
            double step = 1e-5;
            double[] t = theta.clone();
            t[j] = theta[j] + step;
            f.value(t, up);
            t[j] = theta[j] - step;
            f.value(t, down);
            for (int i = 0; i < k; i++) {
                h[i][j] = (up[i] - down[i]) / (2 * step);
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        return h;
    }

    /**
     * Inverts the Hessian of minus the log-likelihood (the observed information) by Cholesky.
     * Returns a NaN matrix if it is not positive definite (the optimum is not a strict maximum).
     */
    static double[][] invertNegative(double[][] info) {
        return Matrices.inverse(info);
    }
}
