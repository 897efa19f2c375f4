package org.rapport.simulator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;

/**
 * What a customer's orders hold: the brand chain, upgrade and trusted-circle lines, regular lines from
 * the customer's category shares (raised by life events), companions, and the split of each order's
 * amount over its lines. Shares the chunk's generator: the order of the draws is part of the world.
 */
final class OrderWriter {
    private final WorldPlan plan;
    private final PlantedWorld w;
    private final UniformRandomProvider rng;
    private final ContinuousSampler orderShape;
    private final DiscreteSampler basketExtra;
    private final DiscreteSampler[] lineExtra;
    private final ContinuousSampler[][] categoryGamma;
    private final LifeEventDraws events;

    private final int[] ownedStamp;
    private final int[] firstDay;
    private final int[] headFirstDay;
    private int stamp;
    private final double[] categoryWeight;
    private final double[] categoryCum;
    private final double[] boostedCum;
    private final int[] orderProduct = new int[64];
    private final int[] orderQuantity = new int[64];
    private final long[] orderCents = new long[64];

    OrderWriter(WorldPlan plan, UniformRandomProvider rng, LifeEventDraws events) {
        this.plan = plan;
        this.w = plan.world;
        this.rng = rng;
        this.events = events;
        WorldOptions o = plan.options;
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
        categoryWeight = new double[plan.categories];
        categoryCum = new double[plan.categories];
        boostedCum = new double[plan.categories];
    }

    /** Remembers the first day of every product of the customer written last, the household's head. */
    void rememberHead() {
        for (int p = 0; p < headFirstDay.length; p++) {
            headFirstDay[p] = ownedStamp[p] == stamp ? firstDay[p] : Integer.MAX_VALUE;
        }
    }

    /** The customer's category shares: Dirichlet(concentration &middot; segment preference), and their cumulative sums. */
    void categoryWeights(int seg) {
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
     * Writes the orders at {@code times} (weeks); returns how many fall in the calibration period.
     *
     * @param v the customer's spend rate &nu; (Gamma-Gamma)
     */
    int orders(long id, int member, int seg, int preferredChannel, double v, double[] times, int n,
               RowSink sink, ChunkStats stats) {
        if (n >= WorldPlan.ORDER_ID_BASE) {
            WorldOptions o = plan.options;
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
            brand = Categorical.draw(rng, j == 0 ? plan.initialBrandCum[seg] : plan.switchingCum[seg][brand]);
            int channel = rng.nextDouble() < w.preferredChannelProbability() ? preferredChannel
                    : rng.nextInt(channels);
            int lines = orderLines(member, brand, day);
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
    private int orderLines(int member, int brand, int day) {
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
        double[] cum = events.count() == 0 ? categoryCum : boosted(day);
        for (int i = 0; i < regular; i++) {
            int c = Categorical.draw(rng, cum);
            int line = plan.categoryLines[c][Categorical.draw(rng, plan.categoryLineCum[c])];
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
     * the life events whose window covers the day ({@link Categorical#draw} normalises by the total).
     */
    private double[] boosted(int day) {
        boolean any = false;
        double cum = 0;
        int n = events.count();
        for (int c = 0; c < plan.categories; c++) {
            double weight = categoryWeight[c];
            for (int e = 0; e < n; e++) {
                int type = events.type(e);
                int from = events.day(e);
                if (from <= day && day < from + w.lifeEvents().get(type).windowDays()) {
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
}
