package org.rapport.simulator;

import java.util.Arrays;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Simulates one chunk of customers (households never span chunks) or of prospects, from the chunk's
 * own generator ({@link Seeds}). Not thread-safe: one instance per chunk.
 *
 * <p>The order of the random draws below is part of the world's definition: changing it changes every
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
    private final ContinuousSampler orderShape;
    private final DiscreteSampler basketExtra;
    private final DiscreteSampler[] lineExtra;
    private final ContinuousSampler[][] categoryGamma;
    private final ChunkStats stats = new ChunkStats();

    // Scratch, reused for every customer of the chunk.
    private final RowSink.CustomerTruthRow truth = new RowSink.CustomerTruthRow();
    private double[] times = new double[64];
    private final int[] ownedStamp;
    private final int[] firstDay;
    private final int[] headFirstDay;
    private int stamp;
    private final int[] needs;
    private final double[] categoryWeight;
    private final double[] categoryCum;
    private final double[] boostedCum;
    private int[] eventDay = new int[8];
    private int[] eventType = new int[8];
    private final int[] orderProduct = new int[64];
    private final int[] orderQuantity = new int[64];
    private final long[] orderCents = new long[64];
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
        orderShape = AhrensDieterMarsagliaTsangGammaSampler.of(rng, o.p(), 1);
        basketExtra = PoissonSampler.of(rng, w.basketExtraMean());
        lineExtra = new DiscreteSampler[plan.lines];
        for (int l = 0; l < plan.lines; l++) {
            double m = plan.lineExtraQuantity[l];
            lineExtra[l] = m > 0 ? PoissonSampler.of(rng, m) : null;
        }
        int segments = w.segments().size();
        categoryGamma = new ContinuousSampler[segments][plan.categories];
        for (int s = 0; s < segments; s++) {
            double[] pref = w.segments().get(s).categoryPreference();
            for (int c = 0; c < plan.categories; c++) {
                categoryGamma[s][c] = AhrensDieterMarsagliaTsangGammaSampler.of(rng,
                        w.categoryConcentration() * pref[c], 1);
            }
        }
        int products = plan.brands * plan.lines;
        ownedStamp = new int[products];
        firstDay = new int[products];
        headFirstDay = new int[products];
        needs = new int[w.needs().size()];
        categoryWeight = new double[plan.categories];
        categoryCum = new double[plan.categories];
        boostedCum = new double[plan.categories];
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
            int size = (int) Math.min(categorical(plan.householdCum) + 1, last - id + 1);
            int region = categorical(plan.regionCum);
            double headAge = 0;
            for (int m = 0; m < size; m++) {
                double age = customer(id + m, id, m, size, region, headAge, sink);
                if (m == 0) {
                    headAge = age;
                    for (int p = 0; p < headFirstDay.length; p++) {
                        headFirstDay[p] = ownedStamp[p] == stamp ? firstDay[p] : Integer.MAX_VALUE;
                    }
                } else {
                    sink.householdLink(id, id + m, m == 1 ? PARTNER : FAMILY);
                }
            }
            id += size;
        }
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
        int acquisition = categorical(plan.acquisitionCum[seg]);
        int preferredChannel = categorical(plan.orderChannelCum[seg]);
        if (planter != null) {
            lam = planter.lambda(lam, region, acquisition);
            p = planter.dropout(p, region, acquisition);
        }
        for (int k = 0; k < needs.length; k++) {
            double a = Math.rint(segment.needMeans()[k] + w.needSd() * gauss.sample());
            needs[k] = (int) Math.max(1, Math.min(7, a));
        }
        categoryWeights(seg);
        int n = purchases(lam, p);
        double tDeath = deathTime;
        boolean died = tDeath < plan.tEnd;

        double eov = o.p() / v;
        double ourSpend = WorldPlan.WEEKS_PER_YEAR * lam * eov;
        PlantedWorld.Wallet wm = w.wallet();
        double logF = Math.log(wm.median()) + segment.walletEffect() + w.regions().get(region).walletEffect()
                + wm.householdEffect() * (household - 1) - wm.ageCurvature() * (age - 45) * (age - 45)
                + wm.sigma() * (wm.spendLink() * spendScore(lam, uNu)
                        + Math.sqrt(1 - wm.spendLink() * wm.spendLink()) * gauss.sample());
        double wallet = Math.max(Math.exp(logF), ourSpend / wm.maxShare());
        long survey = RowSink.NO_WALLET;
        if (rng.nextDouble() < o.surveyFraction()) {
            double noise = wm.surveyNoise();
            survey = Math.round(wallet * Math.exp(noise * gauss.sample() - noise * noise / 2) * 100);
        }

        int events = lifeEvents(age);
        for (int e = 0; e < events; e++) {
            sink.lifeEvent(id, plan.startDay + eventDay[e], eventType[e]);
        }
        int ordersCalibration = orders(id, member, seg, preferredChannel, v, n, events, sink);

        double tStop = died ? tDeath : plan.tEnd;
        interactions(id, times[0], tStop, p, uNu, sink);
        feedback(id, seg, times[0], tStop, sink);

        int acquisitionDay = plan.startDay + (int) (7 * times[0]);
        sink.customer(id, birthDay, region, head, acquisition, acquisitionDay, survey, needs);
        truth.customerId = id;
        truth.segment = seg;
        truth.lambda = lam;
        truth.dropoutProbability = p;
        truth.nu = v;
        truth.expectedOrderValue = eov;
        truth.trueWallet = wallet;
        truth.trueShare = ourSpend / wallet;
        truth.aliveAtCalibrationEnd = tDeath >= plan.tCalibration;
        truth.aliveAtEnd = !died;
        truth.dropoutDay = died ? plan.startDay + (int) (7 * tDeath) : RowSink.NO_DAY;
        truth.ordersCalibration = ordersCalibration;
        truth.ordersHoldout = n - ordersCalibration;
        sink.truth(truth);
        if (!died) {
            stats.aliveAtEnd++;
        }
        return age;
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
        double zLambda = Normal.quantile(clampUnit(RegularizedGamma.P.value(o.r(), o.alpha() * lam)));
        return (zLambda - Normal.quantile(clampUnit(uNu))) / Math.sqrt(2);
    }

    private double age(double mean) {
        return clampAge(mean + w.ageSd() * gauss.sample());
    }

    private static double clampAge(double a) {
        return Math.max(WorldPlan.MIN_AGE, Math.min(WorldPlan.MAX_AGE, a));
    }

    private static double clampUnit(double u) {
        return Math.max(1e-15, Math.min(1 - 1e-15, u));
    }

    /** The customer's category shares: Dirichlet(concentration &middot; segment preference), and their cumulative sums. */
    private void categoryWeights(int seg) {
        double s = 0;
        for (int c = 0; c < plan.categories; c++) {
            categoryWeight[c] = categoryGamma[seg][c].sample();
            s += categoryWeight[c];
        }
        double cum = 0;
        for (int c = 0; c < plan.categories; c++) {
            categoryWeight[c] /= s;
            cum += categoryWeight[c];
            categoryCum[c] = cum;
        }
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

    /** Draws the life events over the simulated period into eventDay/eventType, sorted by day. */
    private int lifeEvents(double age) {
        int n = 0;
        for (int e = 0; e < w.lifeEvents().size(); e++) {
            PlantedWorld.LifeEvent le = w.lifeEvents().get(e);
            double rate = (age >= le.ageFrom() && age < le.ageTo() + 1 ? le.ratePerYear() : le.rateOutsideAges())
                    / WorldPlan.WEEKS_PER_YEAR;
            double t = 0;
            while (true) {
                t += exponential.sample() / rate;
                if (!(t < plan.tEnd)) {
                    break;
                }
                if (n == eventDay.length) {
                    eventDay = Arrays.copyOf(eventDay, 2 * n);
                    eventType = Arrays.copyOf(eventType, 2 * n);
                }
                eventDay[n] = (int) (7 * t);
                eventType[n] = e;
                n++;
                if (le.once()) {
                    break;
                }
            }
        }
        for (int i = 1; i < n; i++) {
            int d = eventDay[i];
            int ty = eventType[i];
            int j = i - 1;
            while (j >= 0 && (eventDay[j] > d || eventDay[j] == d && eventType[j] > ty)) {
                eventDay[j + 1] = eventDay[j];
                eventType[j + 1] = eventType[j];
                j--;
            }
            eventDay[j + 1] = d;
            eventType[j + 1] = ty;
        }
        return n;
    }

    /** Writes the orders; returns how many fall in the calibration period. */
    private int orders(long id, int member, int seg, int preferredChannel, double v, int n, int events,
                       RowSink sink) {
        if (n >= WorldPlan.ORDER_ID_BASE) {
            throw new SimulatorException(SimulatorException.TOO_MANY_ORDERS, id, WorldPlan.ORDER_ID_BASE - 1, o.r(),
                    o.alpha());
        }
        stamp++;
        int brand = -1;
        int previousDay = Integer.MIN_VALUE;
        int calibration = 0;
        int channels = w.orderChannels().size();
        for (int j = 0; j < n; j++) {
            int day = (int) (7 * times[j]);
            brand = categorical(j == 0 ? plan.initialBrandCum[seg] : plan.switchingCum[seg][brand]);
            int channel = rng.nextDouble() < w.preferredChannelProbability() ? preferredChannel
                    : rng.nextInt(channels);
            int lines = orderLines(member, brand, day, events);
            long cents = Math.max(Math.round(orderShape.sample() / v * 100), lines);
            split(cents, lines);
            long orderId = id * WorldPlan.ORDER_ID_BASE + j + 1;
            for (int i = 0; i < lines; i++) {
                sink.transaction(id, plan.startDay + day, orderCents[i], orderId, orderProduct[i], orderQuantity[i],
                        channel);
                int prod = orderProduct[i];
                if (ownedStamp[prod] != stamp) {
                    ownedStamp[prod] = stamp;
                    firstDay[prod] = day;
                }
            }
            stats.orders++;
            stats.lines += lines;
            if (day == previousDay) {
                stats.sameDayOrders++;
            }
            previousDay = day;
            if (day < plan.calibrationDays) {
                calibration++;
            }
        }
        return calibration;
    }

    private boolean owned(int product) {
        return ownedStamp[product] == stamp;
    }

    /** Fills orderProduct/orderQuantity with the lines of one order of {@code brand}; returns their number. */
    private int orderLines(int member, int brand, int day, int events) {
        int lines = 0;
        for (int u = 0; u < plan.upgradeBase.length; u++) {
            int base = plan.product(brand, plan.upgradeBase[u]);
            int up = plan.product(brand, plan.upgradeTo[u]);
            if (owned(base) && !owned(up) && rng.nextDouble() < plan.upgradeProbability[u]) {
                lines = add(lines, up, 1);
            }
        }
        if (member == 1) {
            int offer = plan.product(brand, plan.circleOffer);
            boolean trigger = false;
            for (int t : plan.circleTriggers) {
                trigger |= headFirstDay[plan.product(brand, t)] < day;
            }
            if (trigger && !owned(offer) && rng.nextDouble() < w.trustedCircle().probability()) {
                lines = add(lines, offer, 1);
            }
        }
        int regular = Math.min((lines == 0 ? 1 : 0) + basketExtra.sample(), WorldPlan.MAX_REGULAR_LINES);
        double[] cum = events == 0 ? categoryCum : boosted(day, events);
        for (int i = 0; i < regular; i++) {
            int c = categorical(cum);
            int line = plan.categoryLines[c][categorical(plan.categoryLineCum[c])];
            int q = 1 + (lineExtra[line] == null ? 0 : lineExtra[line].sample());
            lines = add(lines, plan.product(brand, line), q);
        }
        // Companions of every line, whether it came from an upgrade path or was chosen freely.
        int triggers = lines;
        for (int i = 0; i < triggers; i++) {
            int line = orderProduct[i] - brand * plan.lines;
            int comp = plan.companion[line];
            if (comp >= 0 && rng.nextDouble() < plan.companionProbability[line]) {
                lines = add(lines, plan.product(brand, comp), 1);
            }
        }
        return lines;
    }

    /** Adds a line, merging it into an existing line of the same product. */
    private int add(int lines, int product, int quantity) {
        for (int i = 0; i < lines; i++) {
            if (orderProduct[i] == product) {
                orderQuantity[i] += quantity;
                return lines;
            }
        }
        orderProduct[lines] = product;
        orderQuantity[lines] = quantity;
        return lines + 1;
    }

    /**
     * The category cumulative weights on {@code day}: the customer's shares plus the added weights of
     * the life events whose window covers the day ({@link #categorical} normalises by the total).
     */
    private double[] boosted(int day, int events) {
        boolean any = false;
        double cum = 0;
        for (int c = 0; c < plan.categories; c++) {
            double weight = categoryWeight[c];
            for (int e = 0; e < events; e++) {
                int type = eventType[e];
                if (eventDay[e] <= day && day < eventDay[e] + w.lifeEvents().get(type).windowDays()) {
                    weight += plan.lifeEventBoost[type][c];
                    any = true;
                }
            }
            cum += weight;
            boostedCum[c] = cum;
        }
        return any ? boostedCum : categoryCum;
    }

    /**
     * Splits an order's amount over its lines in proportion to list price times quantity: every line
     * gets at least one cent and the line amounts sum to the order's amount exactly.
     */
    private void split(long cents, int lines) {
        double total = 0;
        for (int i = 0; i < lines; i++) {
            total += plan.productPrice[orderProduct[i]] * orderQuantity[i];
        }
        long rest = cents - lines;
        long given = 0;
        for (int i = 0; i < lines - 1; i++) {
            long c = (long) Math.floor(rest * (plan.productPrice[orderProduct[i]] * orderQuantity[i] / total));
            orderCents[i] = c + 1;
            given += c + 1;
        }
        orderCents[lines - 1] = cents - given;
    }

    /**
     * Service interactions: a Poisson process between the first purchase and the dropout (or the end).
     * The rating discretises the latent satisfaction of {@link PlantedWorld.Touchpoint}, built from the
     * normal scores of the customer's dropout probability {@code p} and spend-rate quantile {@code uNu}.
     */
    private void interactions(long id, double from, double to, double p, double uNu, RowSink sink) {
        double rate = w.interactionsPerWeek();
        double t = from;
        double zDrop = Double.NaN;
        double zSpend = Double.NaN;
        while (true) {
            t += exponential.sample() / rate;
            if (!(t < to)) {
                return;
            }
            if (Double.isNaN(zDrop)) {
                // The propensities' normal scores, computed only for customers with an interaction.
                zDrop = Normal.quantile(clampUnit(o.purchaseFamily() == PurchaseFamily.PNBD
                        ? RegularizedGamma.P.value(o.a(), o.b() * p) : RegularizedBeta.value(p, o.a(), o.b())));
                zSpend = -Normal.quantile(clampUnit(uNu));
            }
            int tp = categorical(plan.touchpointCum);
            PlantedWorld.Touchpoint touch = w.touchpoints().get(tp);
            double rc = touch.churnLoading();
            double rs = touch.spendLoading();
            double s = -rc * zDrop + rs * zSpend + Math.sqrt(1 - rc * rc - rs * rs) * gauss.sample();
            int rating = 1;
            while (rating <= plan.ratingCuts.length && s > plan.ratingCuts[rating - 1]) {
                rating++;
            }
            sink.interaction(id, plan.startDay + (int) (7 * t), tp, rating);
            stats.interactions++;
        }
    }

    /** Feedback items: a Poisson process like the interactions, topic by segment. */
    private void feedback(long id, int seg, double from, double to, RowSink sink) {
        double rate = w.feedbackPerWeek();
        double t = from;
        while (true) {
            t += exponential.sample() / rate;
            if (!(t < to)) {
                return;
            }
            int topic = categorical(plan.topicCum[seg]);
            PlantedWorld.FeedbackTopic ft = w.feedbackTopics().get(topic);
            int text = rng.nextInt(ft.texts().size());
            int rating = (int) Math.max(1, Math.min(5, Math.rint(ft.meanRating() + gauss.sample())));
            sink.feedback(id, plan.startDay + (int) (7 * t), topic, text, rating);
        }
    }

    /**
     * Simulates prospects {@code chunk * CHUNK_SIZE + 1} .. the chunk's last.
     *
     * @param chunk the chunk index
     * @param sink receives the rows
     */
    void prospects(long chunk, RowSink sink) {
        long first = chunk * WorldPlan.CHUNK_SIZE + 1;
        long last = Math.min(first + WorldPlan.CHUNK_SIZE - 1, plan.prospects());
        int channels = w.acquisitionChannels().size();
        ContinuousSampler[] beta = new ContinuousSampler[channels];
        double k = WorldPlan.PROSPECT_CONCENTRATION;
        for (int c = 0; c < channels; c++) {
            double m = w.acquisitionChannels().get(c).acquisitionProbability();
            beta[c] = ChengBetaSampler.of(rng, k * m, k * (1 - m));
        }
        double sigma = WorldPlan.PROSPECT_COST_SIGMA;
        for (long id = first; id <= last; id++) {
            int seg = categorical(plan.segmentCum);
            int channel = categorical(plan.acquisitionCum[seg]);
            int region = categorical(plan.regionCum);
            double prob = beta[channel].sample();
            double cost = w.acquisitionChannels().get(channel).acquisitionCost()
                    * Math.exp(sigma * gauss.sample() - sigma * sigma / 2);
            sink.prospect(id, channel, region, seg, Math.round(prob * 10_000), Math.round(cost * 100));
        }
    }

    /** @param cum cumulative weights @return an index drawn with those weights */
    private int categorical(double[] cum) {
        double x = rng.nextDouble() * cum[cum.length - 1];
        for (int i = 0; i < cum.length - 1; i++) {
            if (x < cum[i]) {
                return i;
            }
        }
        return cum.length - 1;
    }

    /** Counts of one chunk, merged in chunk order into the report. */
    static final class ChunkStats {
        long customers;
        long orders;
        long lines;
        long sameDayOrders;
        long interactions;
        long aliveAtEnd;

        void add(ChunkStats o) {
            customers += o.customers;
            orders += o.orders;
            lines += o.lines;
            sameDayOrders += o.sameDayOrders;
            interactions += o.interactions;
            aliveAtEnd += o.aliveAtEnd;
        }
    }
}
