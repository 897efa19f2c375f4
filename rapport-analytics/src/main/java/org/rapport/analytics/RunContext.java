package org.rapport.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.spend.GammaGamma;
import org.rapport.pipeline.PeriodUnit;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/**
 * What the analytics need from the latest analysis run: the fitted models rebuilt from
 * {@code analysis_runs} and the CLV settings the scores were computed with.
 *
 * @param runId the run
 * @param purchaseModel the final purchase model (BG/NBD, Pareto/NBD or MBG/NBD)
 * @param spendModel the Gamma-Gamma spend model, or null when the run had none (no CLV)
 * @param unit the model's time unit
 * @param calibrationEnd last day of calibration
 * @param holdoutEnd last day of the data
 * @param clvMonths CLV horizon in months
 * @param annualDiscountRate annual discount rate of the CLV
 * @param customers scored customers
 */
public record RunContext(long runId, PurchaseModel purchaseModel, GammaGamma spendModel, PeriodUnit unit,
                         LocalDate calibrationEnd, LocalDate holdoutEnd, int clvMonths, double annualDiscountRate,
                         long customers) {
    /** The message when there is nothing to analyse. */
    public static final String NO_SCORES = "no scores yet: run rapport analyze first";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param store the store
     * @return the latest run with its scores, or empty when no run has scored customers
     */
    public static Optional<RunContext> latest(RapportStore store) {
        if (!tableExists(store, "analysis_runs") || !tableExists(store, "customer_scores")) {
            return Optional.empty();
        }
        record Row(long runId, String model, String params, String spend, LocalDate cal, LocalDate end, String unit,
                   int months, double discount) {
        }
        Optional<Row> row = store.queryFirst("""
                SELECT run_id, purchase_model, purchase_params, spend_params, calibration_end, holdout_end, period_unit,
                    clv_months, annual_discount_rate
                FROM analysis_runs ORDER BY run_id DESC LIMIT 1""", rs -> new Row(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getDate(5).toLocalDate(), rs.getDate(6).toLocalDate(), rs.getString(7),
                rs.getObject(8) == null ? -1 : rs.getInt(8), rs.getObject(9) == null ? Double.NaN : rs.getDouble(9)));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Row r = row.get();
        if (r.months < 0 || Double.isNaN(r.discount)) {
            throw new StoreException("run " + r.runId + " has no CLV horizon or discount rate stored: run rapport analyze again");
        }
        long n = store.queryLong("SELECT count(*) FROM customer_scores WHERE run_id = ?", r.runId);
        if (n == 0) {
            return Optional.empty();
        }
        Map<String, Double> p = parse(r.params);
        PurchaseModel model = switch (r.model) {
            case "bgnbd" -> BgNbd.of(p.get("r"), p.get("alpha"), p.get("a"), p.get("b"));
            case "mbgnbd" -> MbgNbd.of(p.get("r"), p.get("alpha"), p.get("a"), p.get("b"));
            case "pnbd" -> ParetoNbd.of(p.get("r"), p.get("alpha"), p.get("s"), p.get("beta"));
            default -> throw new StoreException("run " + r.runId + " has purchase model '" + r.model
                    + "', which the analytics cannot rebuild (bgnbd, pnbd, mbgnbd)");
        };
        GammaGamma spend = null;
        if (r.spend != null) {
            Map<String, Double> s = parse(r.spend);
            spend = GammaGamma.of(s.get("p"), s.get("q"), s.get("gamma"));
        }
        return Optional.of(new RunContext(r.runId, model, spend, PeriodUnit.valueOf(r.unit.toUpperCase(Locale.ROOT)),
                r.cal, r.end, r.months, r.discount, n));
    }

    /**
     * @param store the store
     * @return the latest run
     * @throws StoreException with {@link #NO_SCORES} when there is none
     */
    public static RunContext require(RapportStore store) {
        return latest(store).orElseThrow(() -> new StoreException(NO_SCORES));
    }

    /** @return model time units per month (4.35 weeks for a weekly model) */
    public double periodLength() {
        return 365.25 / 12 / unit.days();
    }

    /** @return the monthly discount rate equivalent to the annual one */
    public double monthlyDiscountRate() {
        return Math.pow(1 + annualDiscountRate, 1.0 / 12) - 1;
    }

    /** @return true when the run kept a holdout period after the calibration end */
    public boolean hasHoldout() {
        return holdoutEnd.isAfter(calibrationEnd);
    }

    /**
     * @param store the store
     * @param table a table name (lower case)
     * @return whether the table exists
     */
    public static boolean tableExists(RapportStore store, String table) {
        return store.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", table) > 0;
    }

    /**
     * @param store the store
     * @param table a table name (a constant of the caller, never user input)
     * @return whether the table exists and has at least one row
     */
    public static boolean hasRows(RapportStore store, String table) {
        return tableExists(store, table) && store.queryFirst("SELECT 1 FROM " + table + " LIMIT 1", rs -> 1).isPresent();
    }

    private static Map<String, Double> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Double>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored model parameters cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
