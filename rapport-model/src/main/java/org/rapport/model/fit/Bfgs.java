package org.rapport.model.fit;

import java.util.Arrays;

/**
 * Unconstrained minimisation by the BFGS quasi-Newton method with a strong-Wolfe line search
 * (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., 2006: algorithm 6.1 for the update,
 * algorithms 3.5 and 3.6 for the line search, equation (6.20) for the initial inverse Hessian scaling).
 *
 * <p>Written here because the numerics libraries we may depend on have no BFGS (Hipparchus offers
 * conjugate gradient and derivative-free methods only). Instances are immutable and thread-safe.
 */
public final class Bfgs {
    /** A function with its gradient. */
    @FunctionalInterface
    public interface Objective {
        /**
         * @param x the point
         * @param gradient receives the gradient at {@code x}
         * @return the value at {@code x}; non-finite means "outside the domain"
         */
        double value(double[] x, double[] gradient);
    }

    /**
     * The outcome of a minimisation.
     *
     * @param point the best point found
     * @param value the objective there
     * @param gradient the gradient there
     * @param iterations BFGS iterations used
     * @param evaluations objective evaluations used
     * @param converged whether the gradient test was met
     */
    public record Result(double[] point, double value, double[] gradient, int iterations, int evaluations,
                         boolean converged) {
    }

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private final int maxIterations;
    private final double gradientTolerance;

    private Bfgs(int maxIterations, double gradientTolerance) {
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
    }

    /**
     * @param maxIterations the iteration limit
     * @param gradientTolerance convergence when max |g_i| &le; tol &middot; max(1, |f|)
     * @return a minimiser
     */
    public static Bfgs of(int maxIterations, double gradientTolerance) {
        if (maxIterations < 1 || !(gradientTolerance > 0)) {
            throw new IllegalArgumentException("maxIterations must be >= 1 and gradientTolerance > 0");
        }
        return new Bfgs(maxIterations, gradientTolerance);
    }

    /**
     * Minimises {@code f} from {@code start}.
     *
     * @param f the objective
     * @param start the starting point (not modified)
     * @return the result; {@code converged} is false if the iteration limit was hit or the line search failed
     */
    public Result minimize(Objective f, double[] start) {
        return minimize(f, start, null);
    }

    /**
     * Minimises {@code f} from {@code start} with a first guess of the inverse Hessian (e.g. a fit's
     * covariance on a subsample, scaled): from near the optimum BFGS then takes Newton-like steps at once.
     *
     * @param f the objective
     * @param start the starting point (not modified)
     * @param inverseHessian the initial inverse Hessian, positive definite, or null for the scaled identity
     * @return the result
     */
    public Result minimize(Objective f, double[] start, double[][] inverseHessian) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.value(x, g);
        int evals = 1;
        if (!Double.isFinite(fx) || !allFinite(g)) {
            return new Result(x, fx, g, 0, evals, false);
        }
        double[][] h = identity(n);
        boolean firstStep = true;
        if (inverseHessian != null) {
            for (int i = 0; i < n; i++) {
                h[i] = inverseHessian[i].clone();
            }
            firstStep = false;
        }
        double[] p = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int iter = 0;
        int stalls = 0;
        while (iter < maxIterations) {
            if (maxAbs(g) <= gradientTolerance * Math.max(1, Math.abs(fx))) {
                return new Result(x, fx, g, iter, evals, true);
            }
            iter++;
            if (!descent(h, g, p)) {
                // Not a descent direction: restart from steepest descent.
                h = identity(n);
                firstStep = true;
                for (int i = 0; i < n; i++) {
                    p[i] = -g[i];
                }
            }
            double alpha0 = firstStep ? Math.min(1, 1 / Math.max(1e-12, maxAbs(g))) : 1;
            LineSearch ls = new LineSearch(f, x, fx, g, p, xNew, gNew);
            double step = ls.search(alpha0);
            evals += ls.evaluations;
            if (!(step > 0)) {
                if (!firstStep) {
                    h = identity(n);
                    firstStep = true;
                    continue;
                }
                return new Result(x, fx, g, iter, evals, maxAbs(g) <= 100 * gradientTolerance * Math.max(1, Math.abs(fx)));
            }
            double fNew = ls.value;
            firstStep = learn(h, x, xNew, g, gNew, firstStep);
            stalls = Math.abs(fNew - fx) <= 1e-15 * Math.max(1, Math.abs(fx)) ? stalls + 1 : 0;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (stalls >= 3) {
                // No progress representable in double precision: accept if the gradient is small.
                return new Result(x, fx, g, iter, evals, maxAbs(g) <= 100 * gradientTolerance * Math.max(1, Math.abs(fx)));
            }
        }
        return new Result(x, fx, g, iter, evals, maxAbs(g) <= gradientTolerance * Math.max(1, Math.abs(fx)));
    }

    /** Sets p = -H g; @return whether p is a descent direction (g'p &lt; 0) */
    private static boolean descent(double[][] h, double[] g, double[] p) {
        multiply(h, g, p);
        for (int i = 0; i < p.length; i++) {
            p[i] = -p[i];
        }
        return dot(g, p) < 0;
    }

    /**
     * Updates the inverse Hessian H with the step s = xNew - x and the gradient change y = gNew - g when
     * the curvature condition holds, scaling H first on the first step (equation (6.20)).
     *
     * @return whether the next step is still a first step (no update made yet since a restart)
     */
    private static boolean learn(double[][] h, double[] x, double[] xNew, double[] g, double[] gNew,
                                 boolean firstStep) {
        int n = x.length;
        double[] s = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = xNew[i] - x[i];
            y[i] = gNew[i] - g[i];
        }
        double sy = dot(s, y);
        if (!(sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y)))) {
            return firstStep;
        }
        if (firstStep) {
            double scale = sy / dot(y, y);
            for (int i = 0; i < n; i++) {
                Arrays.fill(h[i], 0);
                h[i][i] = scale;
            }
        }
        update(h, s, y, sy);
        return false;
    }

    /** Algorithm 6.1 inverse update: H+ = (I - rho s y') H (I - rho y s') + rho s s'. */
    private static void update(double[][] h, double[] s, double[] y, double sy) {
        int n = s.length;
        double rho = 1 / sy;
        double[] hy = new double[n];
        multiply(h, y, hy);
        double yhy = dot(y, hy);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }

    /** Strong-Wolfe line search, Nocedal &amp; Wright algorithms 3.5 (bracket) and 3.6 (zoom). */
    private static final class LineSearch {
        private final Objective f;
        private final double[] x;
        private final double f0;
        private final double slope0;
        private final double[] p;
        private final double[] xOut;
        private final double[] gOut;
        private final double[] xTry;
        private final double[] gTry;
        private int evaluations;
        private double value;

        LineSearch(Objective f, double[] x, double f0, double[] g0, double[] p, double[] xOut, double[] gOut) {
            this.f = f;
            this.x = x;
            this.f0 = f0;
            this.slope0 = dot(g0, p);
            this.p = p;
            this.xOut = xOut;
            this.gOut = gOut;
            this.xTry = new double[x.length];
            this.gTry = new double[x.length];
        }

        /** @return the accepted step, or 0 if none was found */
        double search(double alpha1) {
            double aPrev = 0;
            double fPrev = f0;
            double dPrev = slope0;
            double a = alpha1;
            for (int i = 0; i < 40; i++) {
                double fa = eval(a);
                if (!Double.isFinite(fa)) {
                    a = aPrev + (a - aPrev) * 0.1; // stepped out of the domain: shrink
                    continue;
                }
                double da = dot(gTry, p);
                if (fa > f0 + C1 * a * slope0 || (i > 0 && fa >= fPrev)) {
                    return zoom(aPrev, fPrev, dPrev, a, fa, da);
                }
                if (Math.abs(da) <= -C2 * slope0) {
                    return accept(a, fa);
                }
                if (da >= 0) {
                    return zoom(a, fa, da, aPrev, fPrev, dPrev);
                }
                aPrev = a;
                fPrev = fa;
                dPrev = da;
                a = Math.min(2 * a, a + 1e3);
            }
            return 0;
        }

        private double zoom(double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
            double best = 0;
            double fBest = f0;
            for (int i = 0; i < 60; i++) {
                double a = interpolate(lo, fLo, dLo, hi, fHi);
                double fa = eval(a);
                if (!Double.isFinite(fa)) {
                    hi = a;
                    fHi = Double.POSITIVE_INFINITY;
                    continue;
                }
                double da = dot(gTry, p);
                if (fa < fBest) {
                    best = a;
                    fBest = fa;
                }
                if (fa > f0 + C1 * a * slope0 || fa >= fLo) {
                    hi = a;
                    fHi = fa;
                } else {
                    if (Math.abs(da) <= -C2 * slope0) {
                        return accept(a, fa);
                    }
                    if (da * (hi - lo) >= 0) {
                        hi = lo;
                        fHi = fLo;
                    }
                    lo = a;
                    fLo = fa;
                    dLo = da;
                }
                if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) {
                    break;
                }
            }
            // Wolfe curvature not met, but accept a point with sufficient decrease.
            if (best > 0 && fBest < f0) {
                eval(best);
                return accept(best, fBest);
            }
            return 0;
        }

        /** Minimiser of the quadratic through (lo, fLo, dLo) and (hi, fHi), kept inside the bracket. */
        private static double interpolate(double lo, double fLo, double dLo, double hi, double fHi) {
            double d = hi - lo;
            double a = lo;
            if (Double.isFinite(fHi)) {
                double denom = 2 * (fHi - fLo - dLo * d);
                if (denom > 0) {
                    a = lo - dLo * d * d / denom;
                }
            }
            double min = Math.min(lo, hi);
            double max = Math.max(lo, hi);
            double margin = 0.1 * (max - min);
            if (!(a > min + margin && a < max - margin)) {
                a = 0.5 * (lo + hi);
            }
            return a;
        }

        private double eval(double a) {
            for (int i = 0; i < x.length; i++) {
                xTry[i] = x[i] + a * p[i];
            }
            evaluations++;
            double v = f.value(xTry, gTry);
            return allFinite(gTry) ? v : Double.NaN;
        }

        private double accept(double a, double fa) {
            System.arraycopy(xTry, 0, xOut, 0, x.length);
            System.arraycopy(gTry, 0, gOut, 0, x.length);
            value = fa;
            return a;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static void multiply(double[][] m, double[] v, double[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = dot(m[i], v);
        }
    }

    private static double[][] identity(int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = 1;
        }
        return h;
    }
}
