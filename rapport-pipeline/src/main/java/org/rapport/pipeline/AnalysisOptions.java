package org.rapport.pipeline;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import org.rapport.model.ModelException;
import org.rapport.model.data.PurchaseHistory;
import org.rapport.pipeline.stage.FitStage;
import org.rapport.pipeline.stage.ModelSelection;

/**
 * The options of an analysis run. Immutable: start from {@link #defaults()} and use the with-ers.
 *
 * <p>Defaults: weekly periods, calibration on all the data (no holdout) unless a calibration end is
 * given, the purchase model chosen automatically, expected purchases over the next 52 weeks' worth of
 * periods, CLV over 36 months discounted at 10% a year, 95% intervals, margin from the products, the
 * automatic choice by holdout log-likelihood ({@link ModelSelection}), repeat purchases counted as
 * orders ({@link PurchaseHistory.Counting#ORDERS}).
 */
public final class AnalysisOptions implements Cloneable {
    private static final AnalysisOptions DEFAULTS = new AnalysisOptions();

    private LocalDate calibrationEnd;
    private PeriodUnit unit = PeriodUnit.WEEK;
    private FitStage.PurchaseModelChoice model = FitStage.PurchaseModelChoice.AUTO;
    private ModelSelection.Criterion select = ModelSelection.Criterion.LOGLIK;
    private PurchaseHistory.Counting count = PurchaseHistory.Counting.ORDERS;
    private double horizonDays = 365.25;
    private int clvMonths = 36;
    private double annualDiscountRate = 0.10;
    private Double margin;
    private double level = 0.95;
    private String source;
    private java.util.List<String> covariates = java.util.List.of();

    private AnalysisOptions() {
    }

    /** @return the defaults */
    public static AnalysisOptions defaults() {
        return DEFAULTS;
    }

    private AnalysisOptions copy() {
        try {
            return (AnalysisOptions) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** @param d last day of calibration, or null for all the data @return a copy */
    public AnalysisOptions withCalibrationEnd(LocalDate d) {
        AnalysisOptions o = copy();
        o.calibrationEnd = d;
        return o;
    }

    /** @param u the period unit @return a copy */
    public AnalysisOptions withUnit(PeriodUnit u) {
        AnalysisOptions o = copy();
        o.unit = Objects.requireNonNull(u);
        return o;
    }

    /** @param m the purchase model @return a copy */
    public AnalysisOptions withModel(FitStage.PurchaseModelChoice m) {
        AnalysisOptions o = copy();
        o.model = Objects.requireNonNull(m);
        return o;
    }

    /** @param c how the automatic model choice compares candidates @return a copy */
    public AnalysisOptions withSelect(ModelSelection.Criterion c) {
        AnalysisOptions o = copy();
        o.select = Objects.requireNonNull(c);
        return o;
    }

    /** @param c what a repeat purchase is: an order, or a day with orders @return a copy */
    public AnalysisOptions withCount(PurchaseHistory.Counting c) {
        AnalysisOptions o = copy();
        o.count = Objects.requireNonNull(c);
        return o;
    }

    /** @param days the horizon of expected purchases, in days @return a copy */
    public AnalysisOptions withHorizonDays(double days) {
        ModelException.checkPositive("horizon", days);
        AnalysisOptions o = copy();
        o.horizonDays = days;
        return o;
    }

    /** @param months the CLV horizon in months @return a copy */
    public AnalysisOptions withClvMonths(int months) {
        ModelException.checkPositive("CLV horizon (months)", months);
        AnalysisOptions o = copy();
        o.clvMonths = months;
        return o;
    }

    /** @param rate the annual discount rate, e.g. 0.10 @return a copy */
    public AnalysisOptions withAnnualDiscountRate(double rate) {
        ModelException.checkNonNegative("discount rate", rate);
        AnalysisOptions o = copy();
        o.annualDiscountRate = rate;
        return o;
    }

    /** @param rate one margin rate in (0, 1] for every customer, or null for the products' @return a copy */
    public AnalysisOptions withMargin(Double rate) {
        if (rate != null && !(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "margin rate %s is not in (0, 1]", rate));
        }
        AnalysisOptions o = copy();
        o.margin = rate;
        return o;
    }

    /** @param l interval level in (0, 1) @return a copy */
    public AnalysisOptions withLevel(double l) {
        if (!(l > 0 && l < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1): " + l);
        }
        AnalysisOptions o = copy();
        o.level = l;
        return o;
    }

    /**
     * @param columns customer columns to use as static covariates of the purchase model (empty: none);
     *     categorical columns become indicators ({@link org.rapport.model.covariates.Indicators})
     * @return a copy
     */
    public AnalysisOptions withCovariates(java.util.List<String> columns) {
        AnalysisOptions o = copy();
        o.covariates = java.util.List.copyOf(columns);
        return o;
    }

    /** @return the customer columns used as static covariates, empty for none */
    public java.util.List<String> covariates() {
        return covariates;
    }

    /** @param s what is analysed, for the report (file name) @return a copy */
    public AnalysisOptions withSource(String s) {
        AnalysisOptions o = copy();
        o.source = s;
        return o;
    }

    /** @return how the automatic model choice compares candidates */
    public ModelSelection.Criterion select() {
        return select;
    }

    /** @return what a repeat purchase is */
    public PurchaseHistory.Counting count() {
        return count;
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
