package org.rapport.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.spend.GammaGamma;
import org.rapport.pipeline.PeriodUnit;
import org.rapport.pipeline.Analysis;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.store.Queries;
import org.rapport.store.query.Runs;
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
    public static Optional<RunContext> latest(Queries store) {
        Optional<Runs.StoredRun> stored = Runs.latest(store);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Runs.StoredRun r = stored.get();
        if (r.clvMonths() == null || r.annualDiscountRate() == null) {
            throw new StoreException("run " + r.runId() + " has no CLV horizon or discount rate stored: run rapport analyze again");
        }
        long n = Runs.scoredCustomers(store, r.runId());
        if (n == 0) {
            return Optional.empty();
        }
        Map<String, Double> p = parse(r.purchaseParams());
        PurchaseModel model = switch (r.purchaseModel()) {
            case "bgnbd" -> BgNbd.of(p.get("r"), p.get("alpha"), p.get("a"), p.get("b"));
            case "mbgnbd" -> MbgNbd.of(p.get("r"), p.get("alpha"), p.get("a"), p.get("b"));
            case "pnbd" -> ParetoNbd.of(p.get("r"), p.get("alpha"), p.get("s"), p.get("beta"));
            default -> throw new StoreException("run " + r.runId() + " has purchase model '" + r.purchaseModel()
                    + "', which the analytics cannot rebuild (bgnbd, pnbd, mbgnbd)");
        };
        GammaGamma spend = null;
        if (r.spendParams() != null) {
            Map<String, Double> s = parse(r.spendParams());
            spend = GammaGamma.of(s.get("p"), s.get("q"), s.get("gamma"));
        }
        return Optional.of(new RunContext(r.runId(), model, spend, PeriodUnit.valueOf(r.periodUnit().toUpperCase(Locale.ROOT)),
                r.calibrationEnd(), r.holdoutEnd(), r.clvMonths(), r.annualDiscountRate(), n));
    }

    /**
     * The context of a run just made, from its typed result: what the batch job hands to the analyses
     * after scoring, so they read nothing back from the store.
     *
     * @param run the result of {@code Analysis.run}
     * @return its context
     */
    public static RunContext of(Analysis.Result run) {
        AnalysisOptions o = run.options();
        GammaGamma spend = run.fits().spendFit() == null ? null : run.fits().spendFit().model();
        return new RunContext(run.runId(), run.fits().finalFit().model(), spend, o.unit(), run.calibrationEnd(),
                run.holdoutEnd(), o.clvMonths(), o.annualDiscountRate(), run.customers());
    }

    /**
     * @param store the store
     * @return the latest run
     * @throws StoreException with {@link #NO_SCORES} when there is none
     */
    public static RunContext require(Queries store) {
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
    public static boolean tableExists(Queries store, String table) {
        return store.tableExists(table);
    }

    /**
     * @param store the store
     * @param table a table name (a constant of the caller, never user input)
     * @return whether the table exists and has at least one row
     */
    public static boolean hasRows(Queries store, String table) {
        return store.hasRows(table);
    }

    private static Map<String, Double> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Double>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored model parameters cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
