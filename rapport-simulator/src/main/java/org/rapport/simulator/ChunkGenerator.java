package org.rapport.simulator;

import java.util.Arrays;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Simulates one chunk of customers (households never span chunks) or of prospects, from the chunk's
 * own generator ({@link Seeds}). Not thread-safe: one instance per chunk. A customer's latent
 * parameters and purchase times are drawn here; what the orders hold is {@link OrderWriter}, life
 * events {@link LifeEventDraws}, service contacts and feedback {@link ServiceEvents}.
 *
 * <p>The order of the random draws is part of the world's definition: changing it changes every
 * seeded world.
 */
final class ChunkGenerator {
    private static final int PARTNER = 0;
    private static final int FAMILY = 1;

    private final WorldPlan plan;
    private final PlantedWorld w;
    private final WorldOptions o;
    private final UniformRandomProvider rng;
    private final ContinuousSampler exponential;
    private final ContinuousSampler gauss;
    private final ContinuousSampler lambda;
    /** Planted covariate effects, null when there are none (the draws are then exactly as without). */
    private final CovariateEffects.Planter planter;
    private final ContinuousSampler dropout;
    private final ContinuousSampler nu;
    private final LifeEventDraws events;
    private final OrderWriter orders;
    private final ServiceEvents service;
    private final ChunkStats stats = new ChunkStats();

    // Scratch, reused for every customer of the chunk.
    private final RowSink.CustomerTruthRow truth = new RowSink.CustomerTruthRow();
    private double[] times = new double[64];
    private final int[] needs;
    /** When the customer drawn last leaves (weeks from the start), +Infinity if not before the end. */
    private double deathTime;

    ChunkGenerator(WorldPlan plan, long stream, long chunk) {
        this.plan = plan;
        this.w = plan.world;
        this.o = plan.options;
        this.rng = Seeds.generator(o.seed(), stream, chunk);
        planter = o.covariateEffects().isNone() ? null : new CovariateEffects.Planter(o, rng);
        exponential = ZigguratSampler.Exponential.of(rng);
        gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        lambda = AhrensDieterMarsagliaTsangGammaSampler.of(rng, o.r(), 1 / o.alpha());
        dropout = o.purchaseFamily() == PurchaseFamily.PNBD
                ? AhrensDieterMarsagliaTsangGammaSampler.of(rng, o.a(), 1 / o.b())
                : ChengBetaSampler.of(rng, o.a(), o.b());
        nu = AhrensDieterMarsagliaTsangGammaSampler.of(rng, o.q(), 1 / o.gamma());
        events = new LifeEventDraws(plan, exponential);
        orders = new OrderWriter(plan, rng, events);
        service = new ServiceEvents(plan, rng, exponential, gauss);
        needs = new int[w.needs().size()];
    }

    /** @return counts of what this chunk produced */
    ChunkStats stats() {
        return stats;
    }

    /**
     * Simulates customers {@code chunk * CHUNK_SIZE + 1} .. the chunk's last, household by household.
     *
     * @param chunk the chunk index
     * @param sink receives the rows
     */
    void customers(long chunk, RowSink sink) {
        long first = chunk * WorldPlan.CHUNK_SIZE + 1;
        long last = Math.min(first + WorldPlan.CHUNK_SIZE - 1, o.customers());
        long id = first;
        while (id <= last) {
            int size = (int) Math.min(Categorical.draw(rng, plan.householdCum) + 1, last - id + 1);
            int region = Categorical.draw(rng, plan.regionCum);
            double headAge = 0;
            for (int m = 0; m < size; m++) {
                double age = customer(id + m, id, m, size, region, headAge, sink);
                if (m == 0) {
                    headAge = age;
                    orders.rememberHead();
                } else {
                    sink.householdLink(id, id + m, m == 1 ? PARTNER : FAMILY);
                }
            }
            id += size;
        }
    }

    /**
     * Simulates prospects {@code chunk * CHUNK_SIZE + 1} .. the chunk's last.
     *
     * @param chunk the chunk index
     * @param sink receives the rows
     */
    void prospects(long chunk, RowSink sink) {
        ProspectGenerator.prospects(plan, rng, gauss, chunk, sink);
    }

    /** @return the customer's age at the start */
    private double customer(long id, long head, int member, int household, int region, double headAge,
                            RowSink sink) {
        stats.customers++;
        double lam = lambda.sample();
        double p = dropout.sample();
        double v = nu.sample();
        double uNu = RegularizedGamma.P.value(o.q(), o.gamma() * v);
        int seg = segment(uNu);
        PlantedWorld.Segment segment = w.segments().get(seg);
        double age = member == 1 ? clampAge(headAge + 3 * gauss.sample()) : age(segment.ageMean());
        int birthDay = plan.startDay - (int) Math.round(age * 365.25);
        int acquisition = Categorical.draw(rng, plan.acquisitionCum[seg]);
        int preferredChannel = Categorical.draw(rng, plan.orderChannelCum[seg]);
        if (planter != null) {
            lam = planter.lambda(lam, region, acquisition);
            p = planter.dropout(p, region, acquisition);
        }
        for (int k = 0; k < needs.length; k++) {
            double a = Math.rint(segment.needMeans()[k] + w.needSd() * gauss.sample());
            needs[k] = (int) Math.max(1, Math.min(7, a));
        }
        orders.categoryWeights(seg);
        int n = purchases(lam, p);
        double tDeath = deathTime;
        boolean died = tDeath < plan.tEnd;

        double eov = o.p() / v;
        double ourSpend = WorldPlan.WEEKS_PER_YEAR * lam * eov;
        double wallet = wallet(segment, region, household, age, lam, uNu, ourSpend);
        long survey = RowSink.NO_WALLET;
        if (rng.nextDouble() < o.surveyFraction()) {
            double noise = w.wallet().surveyNoise();
            survey = Math.round(wallet * Math.exp(noise * gauss.sample() - noise * noise / 2) * 100);
        }

        int lifeEvents = events.draw(age);
        for (int e = 0; e < lifeEvents; e++) {
            sink.lifeEvent(id, plan.startDay + events.day(e), events.type(e));
        }
        int ordersCalibration = orders.orders(id, member, seg, preferredChannel, v, times, n, sink, stats);

        double tStop = died ? tDeath : plan.tEnd;
        service.interactions(id, times[0], tStop, p, uNu, sink, stats);
        service.feedback(id, seg, times[0], tStop, sink);

        int acquisitionDay = plan.startDay + (int) (7 * times[0]);
        sink.customer(id, birthDay, region, head, acquisition, acquisitionDay, survey, needs);
        writeTruth(id, seg, lam, p, v, eov, wallet, ourSpend / wallet, tDeath, ordersCalibration, n, sink);
        if (!died) {
            stats.aliveAtEnd++;
        }
        return age;
    }

    private void writeTruth(long id, int seg, double lam, double p, double v, double eov, double wallet, double share,
                            double tDeath, int ordersCalibration, int n, RowSink sink) {
        boolean died = tDeath < plan.tEnd;
        truth.customerId = id;
        truth.segment = seg;
        truth.lambda = lam;
        truth.dropoutProbability = p;
        truth.nu = v;
        truth.expectedOrderValue = eov;
        truth.trueWallet = wallet;
        truth.trueShare = share;
        truth.aliveAtCalibrationEnd = tDeath >= plan.tCalibration;
        truth.aliveAtEnd = !died;
        truth.dropoutDay = died ? plan.startDay + (int) (7 * tDeath) : RowSink.NO_DAY;
        truth.ordersCalibration = ordersCalibration;
        truth.ordersHoldout = n - ordersCalibration;
        sink.truth(truth);
    }

    /** The customer's true wallet: log-normal around the planted effects, at least our spend over the maximum share. */
    private double wallet(PlantedWorld.Segment segment, int region, int household, double age, double lam, double uNu,
                          double ourSpend) {
        PlantedWorld.Wallet wm = w.wallet();
        double logF = Math.log(wm.median()) + segment.walletEffect() + w.regions().get(region).walletEffect()
                + wm.householdEffect() * (household - 1) - wm.ageCurvature() * (age - 45) * (age - 45)
                + wm.sigma() * (wm.spendLink() * spendScore(lam, uNu)
                        + Math.sqrt(1 - wm.spendLink() * wm.spendLink()) * gauss.sample());
        return Math.max(Math.exp(logF), ourSpend / wm.maxShare());
    }

    /**
     * The segment given the quantile u of the customer's spend rate &nu;: P(k | u) is proportional to
     * w<sub>k</sub> (1 + c<sub>k</sub> (2u - 1)), whose mixture over k is uniform because &Sigma; w<sub>k</sub> c<sub>k</sub> = 0.
     */
    private int segment(double u) {
        double[] wt = plan.segmentWeight;
        double total = 0;
        for (int k = 0; k < wt.length; k++) {
            total += wt[k] * (1 + plan.segmentTilt[k] * (2 * u - 1));
        }
        double x = rng.nextDouble() * total;
        for (int k = 0; k < wt.length - 1; k++) {
            x -= wt[k] * (1 + plan.segmentTilt[k] * (2 * u - 1));
            if (x < 0) {
                return k;
            }
        }
        return wt.length - 1;
    }

    /** The standard normal score of purchase rate and spend per order, (z(&lambda;) - z(&nu;)) / &radic;2. */
    private double spendScore(double lam, double uNu) {
        double zLambda = Normal.quantile(ServiceEvents.clampUnit(RegularizedGamma.P.value(o.r(), o.alpha() * lam)));
        return (zLambda - Normal.quantile(ServiceEvents.clampUnit(uNu))) / Math.sqrt(2);
    }

    private double age(double mean) {
        return clampAge(mean + w.ageSd() * gauss.sample());
    }

    private static double clampAge(double a) {
        return Math.max(WorldPlan.MIN_AGE, Math.min(WorldPlan.MAX_AGE, a));
    }

    /**
     * The purchase times in weeks, into {@code times}, and the time the customer leaves into
     * {@code deathTime} (+Infinity if after the end). The first purchase is uniform over the
     * first-purchase window; while alive, purchases follow a Poisson process with rate &lambda;. BG/NBD
     * (Fader, Hardie &amp; Lee 2005, section 2): after each repeat purchase the customer drops out with
     * probability p, leaving at that purchase. MBG/NBD (Batislam et al. 2007): one more toss right after
     * the first purchase. Pareto/NBD (Schmittlein et al. 1987): {@code p} is the dropout rate &mu; and
     * the customer leaves after an exponential lifetime from the first purchase.
     *
     * @return the number of purchases in {@code times}
     */
    private int purchases(double lam, double p) {
        double t = rng.nextDouble() * plan.tWindow;
        times[0] = t;
        deathTime = Double.POSITIVE_INFINITY;
        PurchaseFamily f = o.purchaseFamily();
        if (f == PurchaseFamily.MBGNBD && rng.nextDouble() < p) {
            deathTime = t;
            return 1;
        }
        double end = plan.tEnd;
        if (f == PurchaseFamily.PNBD) {
            deathTime = t + exponential.sample() / p;
            end = Math.min(end, deathTime);
        }
        int n = 1;
        while (true) {
            t += exponential.sample() / lam;
            if (!(t < end)) {
                return n;
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, 2 * n);
            }
            times[n++] = t;
            if (f != PurchaseFamily.PNBD && rng.nextDouble() < p) {
                deathTime = t;
                return n;
            }
        }
    }
}
