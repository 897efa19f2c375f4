package org.rapport.pipeline;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import org.rapport.model.ModelException;
import org.rapport.pipeline.stage.FitStage;

/**
 * The options of an analysis run. Immutable: start from {@link #defaults()} and use the with-ers.
 *
 * <p>Defaults: weekly periods, calibration on all the data (no holdout) unless a calibration end is
 * given, the purchase model chosen automatically, expected purchases over the next 52 weeks' worth of
 * periods, CLV over 36 months discounted at 10% a year, 95% intervals, margin from the products.
 */
public final class AnalysisOptions {
    private static final AnalysisOptions DEFAULTS = new AnalysisOptions(null, PeriodUnit.WEEK,
            FitStage.PurchaseModelChoice.AUTO, 365.25, 36, 0.10, null, 0.95, null);

    private final LocalDate calibrationEnd;
    private final PeriodUnit unit;
    private final FitStage.PurchaseModelChoice model;
    private final double horizonDays;
    private final int clvMonths;
    private final double annualDiscountRate;
    private final Double margin;
    private final double level;
    private final String source;

    private AnalysisOptions(LocalDate calibrationEnd, PeriodUnit unit, FitStage.PurchaseModelChoice model,
                            double horizonDays, int clvMonths, double annualDiscountRate, Double margin, double level,
                            String source) {
        this.calibrationEnd = calibrationEnd;
        this.unit = unit;
        this.model = model;
        this.horizonDays = horizonDays;
        this.clvMonths = clvMonths;
        this.annualDiscountRate = annualDiscountRate;
        this.margin = margin;
        this.level = level;
        this.source = source;
    }

    /** @return the defaults */
    public static AnalysisOptions defaults() {
        return DEFAULTS;
    }

    /** @param d last day of calibration, or null for all the data @return a copy */
    public AnalysisOptions withCalibrationEnd(LocalDate d) {
        return new AnalysisOptions(d, unit, model, horizonDays, clvMonths, annualDiscountRate, margin, level, source);
    }

    /** @param u the period unit @return a copy */
    public AnalysisOptions withUnit(PeriodUnit u) {
        return new AnalysisOptions(calibrationEnd, Objects.requireNonNull(u), model, horizonDays, clvMonths,
                annualDiscountRate, margin, level, source);
    }

    /** @param m the purchase model @return a copy */
    public AnalysisOptions withModel(FitStage.PurchaseModelChoice m) {
        return new AnalysisOptions(calibrationEnd, unit, Objects.requireNonNull(m), horizonDays, clvMonths,
                annualDiscountRate, margin, level, source);
    }

    /** @param days the horizon of expected purchases, in days @return a copy */
    public AnalysisOptions withHorizonDays(double days) {
        ModelException.checkPositive("horizon", days);
        return new AnalysisOptions(calibrationEnd, unit, model, days, clvMonths, annualDiscountRate, margin, level, source);
    }

    /** @param months the CLV horizon in months @return a copy */
    public AnalysisOptions withClvMonths(int months) {
        ModelException.checkPositive("CLV horizon (months)", months);
        return new AnalysisOptions(calibrationEnd, unit, model, horizonDays, months, annualDiscountRate, margin, level, source);
    }

    /** @param rate the annual discount rate, e.g. 0.10 @return a copy */
    public AnalysisOptions withAnnualDiscountRate(double rate) {
        ModelException.checkNonNegative("discount rate", rate);
        return new AnalysisOptions(calibrationEnd, unit, model, horizonDays, clvMonths, rate, margin, level, source);
    }

    /** @param rate one margin rate in (0, 1] for every customer, or null for the products' @return a copy */
    public AnalysisOptions withMargin(Double rate) {
        if (rate != null && !(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "margin rate %s is not in (0, 1]", rate));
        }
        return new AnalysisOptions(calibrationEnd, unit, model, horizonDays, clvMonths, annualDiscountRate, rate, level, source);
    }

    /** @param l interval level in (0, 1) @return a copy */
    public AnalysisOptions withLevel(double l) {
        if (!(l > 0 && l < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1): " + l);
        }
        return new AnalysisOptions(calibrationEnd, unit, model, horizonDays, clvMonths, annualDiscountRate, margin, l, source);
    }

    /** @param s what is analysed, for the report (file name) @return a copy */
    public AnalysisOptions withSource(String s) {
        return new AnalysisOptions(calibrationEnd, unit, model, horizonDays, clvMonths, annualDiscountRate, margin, level, s);
    }

    /** @return the calibration end, or null */
    public LocalDate calibrationEnd() {
        return calibrationEnd;
    }

    /** @return the period unit */
    public PeriodUnit unit() {
        return unit;
    }

    /** @return the model choice */
    public FitStage.PurchaseModelChoice model() {
        return model;
    }

    /** @return the horizon of expected purchases in days */
    public double horizonDays() {
        return horizonDays;
    }

    /** @return the CLV horizon in months */
    public int clvMonths() {
        return clvMonths;
    }

    /** @return the annual discount rate */
    public double annualDiscountRate() {
        return annualDiscountRate;
    }

    /** @return the monthly discount rate equivalent to the annual one */
    public double monthlyDiscountRate() {
        return Math.pow(1 + annualDiscountRate, 1.0 / 12) - 1;
    }

    /** @return the margin override, or null */
    public Double margin() {
        return margin;
    }

    /** @return the interval level */
    public double level() {
        return level;
    }

    /** @return the source label, or null */
    public String source() {
        return source;
    }
}
