package org.rapport.server.jobs;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.rapport.pipeline.AnalysisOptions;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.store.ConnectionPool;
import org.rapport.server.Printable;
import org.rapport.server.api.ApiError;

/**
 * The settings of an analyze job, the same for the Jobs page's form and {@code POST /api/v1/jobs}:
 * the calibration end (none: no holdout, so no validation), the purchase model, the CLV horizon and
 * the discount rate (none: the analysis' defaults). Kept per job in {@code server_job_settings}.
 *
 * @param calibrationEnd the calibration end, or null for none (the run then has no holdout)
 * @param model {@code auto}, {@code bgnbd}, {@code pnbd} or {@code mbgnbd}
 * @param clvMonths the CLV horizon in months, or null for the default
 * @param discountRate the annual discount rate (0.10 for 10%), or null for the default
 */
public record AnalyzeSettings(LocalDate calibrationEnd, String model, Integer clvMonths, Double discountRate) {
    /** The purchase models one may ask for. */
    public static final List<String> MODELS = List.of("auto", "bgnbd", "pnbd", "mbgnbd");

    /**
     * Reads settings as typed (a form's fields or a JSON body's), each checked with an error naming its field.
     *
     * @param calibrationEnd {@code YYYY-MM-DD}, or null/blank for none
     * @param model one of {@link #MODELS}, or null/blank for auto
     * @param clvMonths a whole number of months 1..600, or null/blank for the default
     * @param discountRatePercent the annual rate in percent (10 for 10%), 0..100, or null/blank for the default
     * @return the settings
     * @throws ApiError 400 naming the field
     */
    public static AnalyzeSettings parse(String calibrationEnd, String model, String clvMonths, String discountRatePercent) {
        LocalDate cal = null;
        if (!blank(calibrationEnd)) {
            try {
                cal = LocalDate.parse(calibrationEnd.strip());
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("calibrationEnd: '" + Printable.text(calibrationEnd) + "' is not a date YYYY-MM-DD");
            }
        }
        String m = blank(model) ? "auto" : model.strip().toLowerCase(Locale.ROOT);
        if (!MODELS.contains(m)) {
            throw ApiError.badRequest("model: '" + Printable.text(model) + "' is not one of " + String.join(", ", MODELS));
        }
        Integer months = null;
        if (!blank(clvMonths)) {
            try {
                months = Integer.parseInt(clvMonths.strip());
            } catch (NumberFormatException e) {
                months = -1;
            }
            if (months < 1 || months > 600) {
                throw ApiError.badRequest("clvMonths: '" + Printable.text(clvMonths) + "' is not a whole number of months from 1 to 600");
            }
        }
        Double rate = null;
        if (!blank(discountRatePercent)) {
            double r;
            try {
                r = Double.parseDouble(discountRatePercent.strip());
            } catch (NumberFormatException e) {
                r = Double.NaN;
            }
            if (!(r >= 0 && r <= 100)) {
                throw ApiError.badRequest("discountRate: '" + Printable.text(discountRatePercent) + "' is not a percentage from 0 to 100");
            }
            rate = r / 100;
        }
        return new AnalyzeSettings(cal, m, months, rate);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** @return the change these settings make to the analysis' default options */
    public UnaryOperator<AnalysisOptions> apply() {
        return o -> {
            AnalysisOptions out = o;
            if (calibrationEnd != null) {
                out = out.withCalibrationEnd(calibrationEnd);
            }
            if (!model.equals("auto")) {
                out = out.withModel(FitStage.PurchaseModelChoice.valueOf(model.toUpperCase(Locale.ROOT)));
            }
            if (clvMonths != null) {
                out = out.withClvMonths(clvMonths);
            }
            if (discountRate != null) {
                out = out.withAnnualDiscountRate(discountRate);
            }
            return out;
        };
    }

    /** @return the settings in words, e.g. "calibration end 2023-09-30, model chosen automatically, CLV horizon 36 months" */
    public String describe() {
        List<String> w = new ArrayList<>();
        w.add(calibrationEnd == null ? "no calibration end (no holdout, no validation)" : "calibration end " + calibrationEnd);
        w.add(model.equals("auto") ? "model chosen automatically" : "model " + model);
        w.add(clvMonths == null ? "default CLV horizon" : "CLV horizon " + clvMonths + " months");
        w.add(discountRate == null ? "default discount rate"
                : String.format(Locale.ROOT, "discount rate %.1f%% a year", discountRate * 100));
        return String.join(", ", w);
    }

    /**
     * @param db the pool
     * @param job the job started with these settings
     */
    public void save(ConnectionPool db, long job) {
        db.update("INSERT OR REPLACE INTO server_job_settings VALUES (?, ?, ?, ?, ?)", job,
                calibrationEnd == null ? null : java.sql.Date.valueOf(calibrationEnd), model, clvMonths, discountRate);
    }

    /**
     * @param db the pool
     * @param job a job
     * @return the settings it was started with, if they were kept
     */
    public static Optional<AnalyzeSettings> of(ConnectionPool db, long job) {
        return db.queryFirst("SELECT calibration_end, model, clv_months, annual_discount_rate FROM server_job_settings WHERE job_id = ?", rs -> {
            java.sql.Date d = rs.getDate(1);
            Object months = rs.getObject(3);
            Object rate = rs.getObject(4);
            return new AnalyzeSettings(d == null ? null : d.toLocalDate(), rs.getString(2), months == null ? null : ((Number) months).intValue(),
                    rate == null ? null : ((Number) rate).doubleValue());
        }, job);
    }
}
