package org.rapport.pipeline.stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.covariates.CovariateTable;
import org.rapport.model.covariates.Indicators;
import org.rapport.model.covariates.StaticCovariates;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;
import org.rapport.store.RapportStore;

/**
 * {@code rapport analyze --covariates COL,...}: the chosen purchase model refitted with customer columns as
 * static covariates ({@link StaticCovariates}) on all the data (the final summary), with the
 * likelihood-ratio test against the model without them. Column names are checked against the customers
 * table before anything is computed ({@link #checkColumns}); values (missing, constant, collinear) after the
 * summary ({@link #fit}). A column that cannot serve is an {@link IllegalArgumentException} naming it (exit
 * code 2); a model without covariates (BG/BB) or a fit that fails is a {@link ModelException}.
 */
public final class CovariateStage {
    private static final List<String> NOT_COVARIATES = List.of("customer_id", "load_id");

    private CovariateStage() {
    }

    /**
     * @param store the store
     * @param requested the columns asked for
     * @return the customers table's column names, in table order, once each requested one is known
     * @throws ModelException naming the first requested column the customers table does not have
     */
    public static List<String> checkColumns(RapportStore store, List<String> requested) {
        List<String> columns = store.query("SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                + " ORDER BY ordinal_position", rs -> rs.getString(1), "customers");
        List<String> usable = new ArrayList<>(columns);
        usable.removeAll(NOT_COVARIATES);
        for (String c : requested) {
            if (!usable.contains(c)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "covariate column %s does not exist in the customers table (its columns: %s)", c,
                        String.join(", ", usable)));
            }
        }
        long customers = store.queryLong("SELECT count(*) FROM customers");
        if (customers == 0) {
            throw new IllegalArgumentException("covariates " + String.join(", ", requested)
                    + ": the customers table is empty (rapport ingest customers FILE)");
        }
        return usable;
    }

    /**
     * @param store the store, with the final summary written ({@code customer_summary})
     * @param modelName the chosen purchase model
     * @param requested the columns, each checked by {@link #checkColumns}
     * @return the fits with and without covariates and the test
     * @throws ModelException naming a column whose values cannot serve, or the model if it has no covariates
     */
    public static StaticCovariates.Fit fit(RapportStore store, String modelName, List<String> requested) {
        ModelFamily<RfmTable, ? extends PurchaseModel> family = family(modelName);
        List<String> usable = checkColumns(store, requested);
        StringBuilder select = new StringBuilder("SELECT s.customer_id, s.x, s.t_x, s.t");
        StringBuilder inner = new StringBuilder("SELECT customer_id");
        for (int j = 0; j < requested.size(); j++) {
            // The name is the table's own (checked against information_schema above), quoted as an identifier.
            String column = '"' + usable.get(usable.indexOf(requested.get(j))).replace("\"", "\"\"") + '"';
            select.append(", c.v").append(j);
            inner.append(", arg_max(CAST(").append(column).append(" AS VARCHAR), load_id) AS v").append(j);
        }
        String sql = select + " FROM customer_summary s LEFT JOIN (" + inner
                + " FROM customers GROUP BY customer_id) c USING (customer_id) ORDER BY s.customer_id";
        int k = requested.size();
        List<Object[]> rows = store.query(sql, rs -> {
            Object[] r = new Object[4 + k];
            r[0] = rs.getString(1);
            r[1] = rs.getDouble(2);
            r[2] = rs.getDouble(3);
            r[3] = rs.getDouble(4);
            for (int j = 0; j < k; j++) {
                r[4 + j] = rs.getString(5 + j);
            }
            return r;
        });
        int n = rows.size();
        String[] ids = new String[n];
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] bigT = new double[n];
        Map<String, String[]> columns = new HashMap<>();
        for (int j = 0; j < k; j++) {
            columns.put(requested.get(j), new String[n]);
        }
        for (int i = 0; i < n; i++) {
            Object[] r = rows.get(i);
            ids[i] = (String) r[0];
            x[i] = (double) r[1];
            tx[i] = (double) r[2];
            bigT[i] = (double) r[3];
            for (int j = 0; j < k; j++) {
                columns.get(requested.get(j))[i] = (String) r[4 + j];
            }
        }
        CovariateTable table;
        try {
            Indicators ind = Indicators.of(requested, columns, ids);
            table = CovariateTable.of(ind.names(), x, tx, bigT, ind.z());
        } catch (ModelException e) {
            // A column that cannot serve is bad input (exit code 2), not a model failure.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return StaticCovariates.fit(family, table, MaximumLikelihood.withDefaults());
    }

    private static ModelFamily<RfmTable, ? extends PurchaseModel> family(String modelName) {
        return switch (modelName.toLowerCase(Locale.ROOT)) {
            case "bgnbd" -> BgNbd.FAMILY;
            case "mbgnbd" -> MbgNbd.FAMILY;
            case "pnbd" -> ParetoNbd.FAMILY;
            default -> throw new ModelException("covariates are available for bgnbd, mbgnbd and pnbd, not for %s",
                    modelName);
        };
    }
}
