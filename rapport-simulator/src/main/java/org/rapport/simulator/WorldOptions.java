package org.rapport.simulator;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to simulate: how many customers, the seed, the calendar and the planted parameters.
 *
 * <p>Immutable: every {@code with...} returns a copy, so a configured instance can be shared and
 * stored as a constant. The defaults mirror the CDNOW study design of Fader, Hardie &amp; Lee (2005):
 * customers make their first purchase in a 13-week quarter (2023-01-01 to 2023-03-31), the
 * calibration period is the first 39 weeks (to 2023-09-30) and the holdout the next 39 (to 2024-06-29);
 * the purchase process is BG/NBD with their CDNOW estimates (r = 0.243, &alpha; = 4.414, a = 0.793,
 * b = 2.426, time unit one week) and spend per order is Gamma-Gamma with Fader &amp; Hardie's (2013)
 * CDNOW estimates (p = 6.25, q = 3.74, &gamma; = 15.44).
 *
 * <p>The number of threads does not change the output: the same seed gives the same files with any
 * thread count.
 */
public final class WorldOptions {
    private static final WorldOptions DEFAULT = new WorldOptions(10_000, 1, LocalDate.of(2023, 1, 1),
            LocalDate.of(2023, 3, 31), LocalDate.of(2023, 9, 30), LocalDate.of(2024, 6, 29),
            Runtime.getRuntime().availableProcessors(), new double[] {0.243, 4.414, 0.793, 2.426},
            PurchaseFamily.BGNBD, new double[] {6.25, 3.74, 15.44}, 0.2, 0.5, PlantedWorld.defaults(), CovariateEffects.none());

    private final long customers;
    private final long seed;
    private final LocalDate start;
    private final LocalDate firstPurchaseEnd;
    private final LocalDate calibrationEnd;
    private final LocalDate end;
    private final int threads;
    private final double[] bgnbd;
    private final PurchaseFamily family;
    private final double[] gammaGamma;
    private final double surveyFraction;
    private final double prospectsPerCustomer;
    private final PlantedWorld world;
    private final CovariateEffects covariates;

    private WorldOptions(long customers, long seed, LocalDate start, LocalDate firstPurchaseEnd,
                         LocalDate calibrationEnd, LocalDate end, int threads, double[] bgnbd, PurchaseFamily family,
                         double[] gammaGamma, double surveyFraction, double prospectsPerCustomer, PlantedWorld world,
                         CovariateEffects covariates) {
        this.customers = customers;
        this.seed = seed;
        this.start = start;
        this.firstPurchaseEnd = firstPurchaseEnd;
        this.calibrationEnd = calibrationEnd;
        this.end = end;
        this.threads = threads;
        this.bgnbd = bgnbd;
        this.family = family;
        this.gammaGamma = gammaGamma;
        this.surveyFraction = surveyFraction;
        this.prospectsPerCustomer = prospectsPerCustomer;
        this.world = world;
        this.covariates = covariates;
    }

    /** @return 10,000 customers, seed 1, the CDNOW-like calendar and parameters described above */
    public static WorldOptions withDefaults() {
        return DEFAULT;
    }

    /** @param n number of customers, &ge; 1 @return a copy */
    public WorldOptions withCustomers(long n) {
        WorldChecks.positive("customers", n);
        return new WorldOptions(n, seed, start, firstPurchaseEnd, calibrationEnd, end, threads, bgnbd, family, gammaGamma,
                surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @param s the seed: the same seed gives the same world @return a copy */
    public WorldOptions withSeed(long s) {
        return new WorldOptions(customers, s, start, firstPurchaseEnd, calibrationEnd, end, threads, bgnbd, family,
                gammaGamma, surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @param d first day of the simulation: time 0 of the purchase process @return a copy */
    public WorldOptions withStart(LocalDate d) {
        return new WorldOptions(customers, seed, Objects.requireNonNull(d), firstPurchaseEnd, calibrationEnd, end,
                threads, bgnbd, family, gammaGamma, surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @param d last day on which a customer can make a first purchase (inclusive) @return a copy */
    public WorldOptions withFirstPurchaseEnd(LocalDate d) {
        return new WorldOptions(customers, seed, start, Objects.requireNonNull(d), calibrationEnd, end, threads,
                bgnbd, family, gammaGamma, surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @param d last day of the calibration period (inclusive); recorded in truth.json @return a copy */
    public WorldOptions withCalibrationEnd(LocalDate d) {
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, Objects.requireNonNull(d), end, threads,
                bgnbd, family, gammaGamma, surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @param d last simulated day (inclusive) @return a copy */
    public WorldOptions withEnd(LocalDate d) {
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, Objects.requireNonNull(d),
                threads, bgnbd, family, gammaGamma, surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @param n worker threads, &ge; 1; does not change the output @return a copy */
    public WorldOptions withThreads(int n) {
        WorldChecks.positive("threads", (long) n);
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, end, n, bgnbd, family, gammaGamma,
                surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /**
     * The BG/NBD purchase process (time unit one week).
     *
     * @param r shape of the purchase-rate gamma
     * @param alpha rate of the purchase-rate gamma, in weeks
     * @param a first shape of the dropout beta
     * @param b second shape of the dropout beta
     * @return a copy
     */
    public WorldOptions withPurchaseModel(double r, double alpha, double a, double b) {
        return withPurchaseModel(PurchaseFamily.BGNBD, r, alpha, a, b);
    }

    /**
     * The purchase process of a family (time unit one week): r and &alpha; of the purchase-rate gamma, then
     * the dropout's two parameters (a, b of the beta for BG/NBD and MBG/NBD; s, &beta; of the dropout-rate
     * gamma for Pareto/NBD).
     *
     * @param f the family
     * @param r shape of the purchase-rate gamma
     * @param alpha rate of the purchase-rate gamma, in weeks
     * @param d1 a, or s for Pareto/NBD
     * @param d2 b, or &beta; (weeks) for Pareto/NBD
     * @return a copy
     */
    public WorldOptions withPurchaseModel(PurchaseFamily f, double r, double alpha, double d1, double d2) {
        double[] p = {WorldChecks.positive("r", r), WorldChecks.positive("alpha", alpha),
            WorldChecks.positive(f.parameterNames().get(2), d1), WorldChecks.positive(f.parameterNames().get(3), d2)};
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, end, threads, p,
                Objects.requireNonNull(f), gammaGamma, surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @return the family of the purchase process */
    public PurchaseFamily purchaseFamily() {
        return family;
    }

    /**
     * The Gamma-Gamma spend process: an order's amount is Gamma(p, &nu;), &nu; ~ Gamma(q, &gamma;) per customer.
     *
     * @param p shape of an order's amount
     * @param q shape of the customer's rate &nu;; must exceed 1 so that mean spend is finite
     * @param gamma rate of the customer's rate &nu;
     * @return a copy
     */
    public WorldOptions withSpendModel(double p, double q, double gamma) {
        WorldChecks.range("q", q, 1 + 1e-9, Double.MAX_VALUE);
        double[] g = {WorldChecks.positive("p", p), q, WorldChecks.positive("gamma", gamma)};
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, end, threads, bgnbd, family, g,
                surveyFraction, prospectsPerCustomer, world, covariates);
    }

    /** @param f share of customers whose survey wallet is known, in [0, 1] @return a copy */
    public WorldOptions withSurveyFraction(double f) {
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, end, threads, bgnbd, family,
                gammaGamma, WorldChecks.range("surveyFraction", f, 0, 1), prospectsPerCustomer, world, covariates);
    }

    /** @param f prospects per customer, &ge; 0 @return a copy */
    public WorldOptions withProspectsPerCustomer(double f) {
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, end, threads, bgnbd, family,
                gammaGamma, surveyFraction, WorldChecks.range("prospectsPerCustomer", f, 0, 1000), world, covariates);
    }

    /** @param w the planted world @return a copy */
    public WorldOptions withWorld(PlantedWorld w) {
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, end, threads, bgnbd, family,
                gammaGamma, surveyFraction, prospectsPerCustomer, Objects.requireNonNull(w), covariates);
    }

    /**
     * Checks that the dates are in order: start &le; first-purchase end &le; calibration end &le; end.
     *
     * @return this
     * @throws SimulatorException if they are not
     */
    WorldOptions checkDates() {
        order("start", start, "firstPurchaseEnd", firstPurchaseEnd);
        order("firstPurchaseEnd", firstPurchaseEnd, "calibrationEnd", calibrationEnd);
        order("calibrationEnd", calibrationEnd, "end", end);
        return this;
    }

    private static void order(String n1, LocalDate d1, String n2, LocalDate d2) {
        if (d1.isAfter(d2)) {
            throw new SimulatorException(SimulatorException.DATE_ORDER, n1, d1, n2, d2);
        }
    }

    /** @return number of customers */
    public long customers() {
        return customers;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return first simulated day */
    public LocalDate start() {
        return start;
    }

    /** @return last day of the first-purchase window */
    public LocalDate firstPurchaseEnd() {
        return firstPurchaseEnd;
    }

    /** @return last day of the calibration period */
    public LocalDate calibrationEnd() {
        return calibrationEnd;
    }

    /** @return last simulated day */
    public LocalDate end() {
        return end;
    }

    /** @return worker threads */
    public int threads() {
        return threads;
    }

    /** @return BG/NBD r */
    public double r() {
        return bgnbd[0];
    }

    /** @return BG/NBD &alpha; (weeks) */
    public double alpha() {
        return bgnbd[1];
    }

    /** @return BG/NBD (or MBG/NBD) a; Pareto/NBD s */
    public double a() {
        return bgnbd[2];
    }

    /** @return BG/NBD (or MBG/NBD) b; Pareto/NBD &beta; (weeks) */
    public double b() {
        return bgnbd[3];
    }

    /** @return Gamma-Gamma p */
    public double p() {
        return gammaGamma[0];
    }

    /** @return Gamma-Gamma q */
    public double q() {
        return gammaGamma[1];
    }

    /** @return Gamma-Gamma &gamma; */
    public double gamma() {
        return gammaGamma[2];
    }

    /** @return share of customers with a survey wallet */
    public double surveyFraction() {
        return surveyFraction;
    }

    /** @return prospects per customer */
    public double prospectsPerCustomer() {
        return prospectsPerCustomer;
    }

    /**
     * @param effects static covariate effects on the purchase and dropout processes (region, acquisition
     *     channel); {@link CovariateEffects#none()} (the default) leaves the world exactly as without them
     * @return a copy
     */
    public WorldOptions withCovariateEffects(CovariateEffects effects) {
        return new WorldOptions(customers, seed, start, firstPurchaseEnd, calibrationEnd, end, threads, bgnbd, family,
                gammaGamma, surveyFraction, prospectsPerCustomer, world, Objects.requireNonNull(effects));
    }

    /** @return the planted covariate effects */
    public CovariateEffects covariateEffects() {
        return covariates;
    }

    /** @return the planted world */
    public PlantedWorld world() {
        return world;
    }

    @Override
    public String toString() {
        return "WorldOptions[customers=" + customers + ", seed=" + seed + ", " + start + ".." + end
                + ", calibrationEnd=" + calibrationEnd + ", threads=" + threads + "]";
    }
}
