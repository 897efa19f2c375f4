package org.rapport.model.covariates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.model.ModelException;

/**
 * Customer columns as covariates: a column whose values are all numbers is used as it is; any other
 * column is categorical and becomes one indicator per level except the most frequent (the baseline, ties
 * broken by name), named {@code column=level}. Refused, naming the column: a column that does not exist, one
 * with no value, one with missing values (naming the first customer), one with a single value. A column
 * collinear with others is refused later, by {@link CovariateTable#of}, naming the indicator.
 *
 * @param names the covariates' names, one per column of {@code z}
 * @param z the covariates per customer, n &times; k
 */
public record Indicators(List<String> names, double[][] z) {
    /**
     * @param requested the columns asked for, in order
     * @param columns the available columns by name, each with one value per customer (null = missing)
     * @param customers the customers' ids, for messages
     * @return the covariates
     * @throws ModelException naming the first bad column
     */
    public static Indicators of(List<String> requested, Map<String, String[]> columns, String[] customers) {
        int n = customers.length;
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        for (String c : requested) {
            String[] v = columns.get(c);
            if (v == null) {
                throw new ModelException("covariate column %s does not exist (the customers have: %s)", c,
                        String.join(", ", new java.util.TreeSet<>(columns.keySet())));
            }
            int nulls = 0;
            int firstNull = -1;
            for (int i = 0; i < n; i++) {
                if (v[i] == null || v[i].isBlank()) {
                    nulls++;
                    firstNull = firstNull < 0 ? i : firstNull;
                }
            }
            if (nulls == n) {
                throw new ModelException("covariate column %s has no value for any customer", c);
            }
            if (nulls > 0) {
                throw new ModelException("covariate column %s is missing for %d customers (the first: customer %s)",
                        c, nulls, customers[firstNull]);
            }
            double[] numbers = numbers(v);
            if (numbers != null) {
                names.add(c);
                cols.add(numbers);
            } else {
                categorical(c, v, names, cols);
            }
        }
        double[][] z = new double[n][names.size()];
        for (int j = 0; j < names.size(); j++) {
            double[] col = cols.get(j);
            for (int i = 0; i < n; i++) {
                z[i][j] = col[i];
            }
        }
        return new Indicators(List.copyOf(names), z);
    }

    private static double[] numbers(String[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            try {
                out[i] = Double.parseDouble(v[i].trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(out[i])) {
                return null;
            }
        }
        return out;
    }

    private static void categorical(String c, String[] v, List<String> names, List<double[]> cols) {
        Map<String, Integer> counts = new HashMap<>();
        for (String s : v) {
            counts.merge(s, 1, Integer::sum);
        }
        if (counts.size() == 1) {
            throw new ModelException("covariate column %s is constant (every customer has %s)", c, v[0]);
        }
        List<String> levels = new ArrayList<>(new TreeMap<>(counts).keySet());
        levels.sort(Comparator.comparing((String s) -> -counts.get(s)).thenComparing(s -> s));
        for (String level : levels.subList(1, levels.size())) {
            double[] ind = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                ind[i] = v[i].equals(level) ? 1 : 0;
            }
            names.add(c + "=" + level);
            cols.add(ind);
        }
    }
}
