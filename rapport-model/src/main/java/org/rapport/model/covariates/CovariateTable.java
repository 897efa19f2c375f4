package org.rapport.model.covariates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;
import org.rapport.model.numeric.Matrices;

/**
 * Customers' histories grouped by their covariate vector z: one {@link RfmTable} per distinct z. With
 * categorical covariates (indicators) there are few groups, so a likelihood with covariates costs a few
 * evaluations of the model's own compressed likelihood. Immutable.
 */
public final class CovariateTable {
    private final List<String> names;
    private final double[][] z;
    private final RfmTable[] tables;
    private volatile RfmTable pooled;

    private CovariateTable(List<String> names, double[][] z, RfmTable[] tables) {
        this.names = List.copyOf(names);
        this.z = z;
        this.tables = tables;
    }

    /**
     * @param names the covariates' names, k of them
     * @param x repeat purchases per customer
     * @param tx recency per customer
     * @param bigT length of observation per customer
     * @param z each customer's covariates, n &times; k, finite
     * @return the table, groups in increasing order of z (so the result does not depend on row order)
     * @throws ModelException naming the covariate if one is not finite, constant, or collinear with the
     *     others and the intercept, or if no customer with a non-zero value of it made a repeat purchase
     */
    public static CovariateTable of(List<String> names, double[] x, double[] tx, double[] bigT, double[][] z) {
        int n = x.length;
        int k = names.size();
        if (tx.length != n || bigT.length != n || z.length != n) {
            throw new IllegalArgumentException("x, t_x, T and z must have one entry per customer");
        }
        Map<List<Double>, RfmTable.Builder> groups = new TreeMap<>(CovariateTable::compare);
        for (int i = 0; i < n; i++) {
            if (z[i].length != k) {
                throw new IllegalArgumentException("customer " + i + " has " + z[i].length + " covariates, not " + k);
            }
            List<Double> key = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(z[i][j])) {
                    throw new ModelException("covariate %s: customer %d has the value %s (missing or not finite)",
                            names.get(j), i, z[i][j]);
                }
                key.add(z[i][j]);
            }
            RfmTable.check(x[i], tx[i], bigT[i]);
            groups.computeIfAbsent(key, unused -> RfmTable.builder()).accept(x[i], tx[i], bigT[i]);
        }
        double[][] gz = new double[groups.size()][];
        RfmTable[] tables = new RfmTable[groups.size()];
        int g = 0;
        for (Map.Entry<List<Double>, RfmTable.Builder> e : groups.entrySet()) {
            gz[g] = e.getKey().stream().mapToDouble(Double::doubleValue).toArray();
            tables[g++] = e.getValue().build();
        }
        CovariateTable t = new CovariateTable(names, gz, tables);
        t.checkIdentifiable();
        return t;
    }

    private static int compare(List<Double> a, List<Double> b) {
        for (int j = 0; j < a.size(); j++) {
            int c = Double.compare(a.get(j), b.get(j));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Each covariate must vary, must not be a linear combination of the intercept and the covariates
     * before it (the weighted cross-product of [1, z] must be positive definite, checked column by column),
     * and the customers with a non-zero value of it must include a repeat buyer.
     */
    private void checkIdentifiable() {
        int k = names.size();
        for (int j = 0; j < k; j++) {
            double[][] m = crossProduct(j + 2);
            double[][] l = Matrices.cholesky(m);
            if (l == null || l[j + 1][j + 1] < 1e-7 * Math.sqrt(m[j + 1][j + 1])) {
                boolean constant = true;
                for (double[] zg : z) {
                    constant &= zg[j] == z[0][j];
                }
                throw new ModelException(constant ? "covariate %s is constant: it cannot be told from the model's"
                        + " own parameters" : "covariate %s is collinear with the intercept and the covariates before"
                        + " it (%s)", names.get(j), String.join(", ", names.subList(0, j)));
            }
            double repeat = 0;
            for (int g = 0; g < z.length; g++) {
                repeat += z[g][j] != 0 ? tables[g].repeatBuyers() : 0;
            }
            if (repeat == 0) {
                throw new ModelException("covariate %s: no customer with a non-zero value made a repeat purchase,"
                        + " so its effect cannot be identified", names.get(j));
            }
        }
    }

    /** @return the customer-weighted cross-product of [1, z_0 .. z_(size-2)] */
    private double[][] crossProduct(int size) {
        double[][] m = new double[size][size];
        for (int g = 0; g < z.length; g++) {
            double w = tables[g].customers();
            double[] v = new double[size];
            v[0] = 1;
            System.arraycopy(z[g], 0, v, 1, size - 1);
            for (int a = 0; a < size; a++) {
                for (int b = 0; b < size; b++) {
                    m[a][b] += w * v[a] * v[b];
                }
            }
        }
        return m;
    }

    /**
     * @param stride keep one distinct history in {@code stride} of each group ({@link RfmTable#every})
     * @return the subsample, for a warm start on a large table (not checked for identifiability: a fit on it
     *     that fails only loses the warm start)
     */
    public CovariateTable every(int stride) {
        List<double[]> zs = new ArrayList<>();
        List<RfmTable> ts = new ArrayList<>();
        for (int g = 0; g < tables.length; g++) {
            RfmTable t = tables[g].every(stride);
            if (t.size() > 0) {
                zs.add(z[g]);
                ts.add(t);
            }
        }
        return new CovariateTable(names, zs.toArray(new double[0][]), ts.toArray(new RfmTable[0]));
    }

    /** @return the covariates' names */
    public List<String> names() {
        return names;
    }

    /** @return the number of distinct covariate vectors */
    public int groups() {
        return tables.length;
    }

    /** @param g a group @return its covariate vector (a copy) */
    public double[] z(int g) {
        return z[g].clone();
    }

    /** @param g a group @return its customers' histories */
    public RfmTable table(int g) {
        return tables[g];
    }

    /** @return all customers in one table, ignoring the covariates (for the model without them); built once */
    public RfmTable pooled() {
        RfmTable p = pooled;
        if (p == null) {
            p = pool();
            pooled = p;
        }
        return p;
    }

    private RfmTable pool() {
        RfmTable.Builder b = RfmTable.builder();
        for (RfmTable t : tables) {
            for (int i = 0; i < t.size(); i++) {
                b.accept(t.x(i), t.tx(i), t.bigT(i), t.count(i));
            }
        }
        return b.build();
    }

    /** @return the number of customers */
    public double customers() {
        double c = 0;
        for (RfmTable t : tables) {
            c += t.customers();
        }
        return c;
    }

    /** @return the number of distinct (z, x, t_x, T) */
    public int distinctRows() {
        int r = 0;
        for (RfmTable t : tables) {
            r += t.size();
        }
        return r;
    }

    /** @return group sizes by covariate vector, for messages */
    @Override
    public String toString() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int g = 0; g < z.length; g++) {
            m.put(Arrays.toString(z[g]), tables[g].customers());
        }
        return "CovariateTable" + names + m;
    }
}
