package org.rapport.simulator;

import java.util.List;

/**
 * Everything planted in the simulated world apart from the purchase and spend processes (those are in
 * {@link WorldOptions}): needs-based segments, brand switching, regions and channels, life events,
 * touchpoints, the wallet and the trusted circle. {@code docs/simulator.md} explains each piece and
 * why it leaves the BG/NBD and Gamma-Gamma processes exact.
 *
 * <p>Immutable; the arrays inside the records are the world's constants: do not modify them.
 *
 * @param catalog categories, brands, products, upgrade paths and co-purchases
 * @param needs the five needs asked in the survey, in the order of {@link Segment#needMeans()}
 * @param needSd standard deviation of a survey answer around its segment mean, before rounding
 * @param segments the needs-based segments
 * @param regions the regions
 * @param acquisitionChannels the acquisition channels, in the order of {@link Segment#acquisitionChannel()}
 * @param orderChannels the order channels, in the order of {@link Segment#orderChannel()}
 * @param preferredChannelProbability chance an order uses the customer's preferred order channel
 * @param categoryConcentration Dirichlet concentration of a customer's category shares around the segment's
 * @param basketExtraMean mean of the Poisson number of extra regular lines on an order
 * @param ageSd standard deviation of age at the start around the segment's mean
 * @param householdSizes probabilities of household sizes 1, 2, 3, ...
 * @param trustedCircle the planted supplementary-card offer to the head's partner
 * @param lifeEvents the life events and the categories they raise
 * @param touchpoints the service touchpoints and their planted effects
 * @param ratingShares share of ratings 1..5 at a touchpoint (defines the cut points of the latent satisfaction)
 * @param interactionsPerWeek rate of service interactions of a customer between first purchase and dropout
 * @param feedbackPerWeek rate of feedback items of a customer between first purchase and dropout
 * @param feedbackTopics feedback topics, in the order of {@link Segment#feedbackTopic()}
 * @param wallet the category-wallet model
 */
public record PlantedWorld(Catalog catalog, List<String> needs, double needSd, List<Segment> segments,
                           List<Region> regions, List<AcquisitionChannel> acquisitionChannels,
                           List<String> orderChannels, double preferredChannelProbability,
                           double categoryConcentration, double basketExtraMean, double ageSd,
                           double[] householdSizes, TrustedCircle trustedCircle, List<LifeEvent> lifeEvents,
                           List<Touchpoint> touchpoints, double[] ratingShares, double interactionsPerWeek,
                           double feedbackPerWeek, List<FeedbackTopic> feedbackTopics, Wallet wallet) {

    /**
     * Checks the world: probabilities sum to one, arrays match the catalog, the spend tilts are
     * balanced, names refer to defined categories and lines.
     *
     * @throws SimulatorException naming what is wrong
     */
    public PlantedWorld {
        WorldChecks.check(catalog, needs, needSd, segments, regions, acquisitionChannels, orderChannels,
                householdSizes, trustedCircle, lifeEvents, touchpoints, ratingShares, feedbackTopics, wallet);
    }

    /**
     * A needs-based segment.
     *
     * @param name segment name
     * @param weight share of customers
     * @param spendTilt c in the density 1 + c (2u - 1) of u = F(&nu;), the Gamma-Gamma rate's quantile:
     *     negative means lower &nu;, i.e. higher spend per order; the weights times the tilts sum to 0, so
     *     &nu; keeps its Gamma(q, &gamma;) distribution over the whole population
     * @param needMeans mean survey answer (1..7 scale, before rounding) per need
     * @param ageMean mean age at the start of the simulation
     * @param walletEffect added to the log of the feature wallet
     * @param categoryPreference expected category shares of the segment's order lines (sum 1)
     * @param initialBrand brand of a customer's first order (sum 1)
     * @param brandSwitching first-order Markov matrix: row = brand of the previous order, column = brand of
     *     the next (rows sum to 1)
     * @param acquisitionChannel probabilities of the acquisition channels
     * @param orderChannel probabilities of the customer's preferred order channel
     * @param feedbackTopic probabilities of the feedback topics
     */
    public record Segment(String name, double weight, double spendTilt, double[] needMeans, double ageMean,
                          double walletEffect, double[] categoryPreference, double[] initialBrand,
                          double[][] brandSwitching, double[] acquisitionChannel, double[] orderChannel,
                          double[] feedbackTopic) {
    }

    /**
     * @param name region name
     * @param weight share of households
     * @param walletEffect added to the log of the feature wallet
     */
    public record Region(String name, double weight, double walletEffect) {
    }

    /**
     * @param name channel name
     * @param acquisitionProbability mean chance a prospect in this channel becomes a customer
     * @param acquisitionCost mean cost of acquiring one customer in this channel
     */
    public record AcquisitionChannel(String name, double acquisitionProbability, double acquisitionCost) {
    }

    /**
     * @param category a category
     * @param addedWeight added to the customer's weight of that category (the weights sum to 1 before)
     *     while the event is recent; the weights are then renormalised, so the category's share of a
     *     line becomes (w + addedWeight) / (1 + total added weight), whatever the customer's own share w
     */
    public record CategoryBoost(String category, double addedWeight) {
    }

    /**
     * A life event: a Poisson process over the simulation period, at {@code ratePerYear} for customers
     * aged {@code ageFrom..ageTo} at the start and {@code rateOutsideAges} otherwise.
     *
     * @param type event type as written to {@code life_events.csv}
     * @param ratePerYear rate inside the age band
     * @param ageFrom lowest age of the band
     * @param ageTo highest age of the band
     * @param rateOutsideAges rate outside the band
     * @param once whether a customer has at most one such event
     * @param windowDays the boosts last from the event's day for this many days
     * @param boosts the categories it raises while it is recent
     */
    public record LifeEvent(String type, double ratePerYear, int ageFrom, int ageTo, double rateOutsideAges,
                            boolean once, int windowDays, List<CategoryBoost> boosts) {
    }

    /**
     * A touchpoint. The rating's latent satisfaction is standard normal and
     * s = -churnLoading &middot; z<sub>p</sub> + spendLoading &middot; z<sub>m</sub> + sqrt(1 - churnLoading&sup2; - spendLoading&sup2;) &middot; &epsilon;,
     * where z<sub>p</sub> = &Phi;<sup>-1</sup>(F<sub>Beta(a,b)</sub>(p)) is the customer's dropout propensity and
     * z<sub>m</sub> = -&Phi;<sup>-1</sup>(F<sub>Gamma(q,&gamma;)</sub>(&nu;)) their spend propensity.
     *
     * @param name touchpoint name
     * @param weight share of interactions
     * @param churnLoading correlation of the latent satisfaction with minus the dropout propensity
     * @param spendLoading correlation of the latent satisfaction with the spend propensity
     */
    public record Touchpoint(String name, double weight, double churnLoading, double spendLoading) {
    }

    /**
     * @param name topic name
     * @param meanRating mean rating (1..5) given with feedback on this topic
     * @param texts the feedback texts of the topic, one drawn at random
     */
    public record FeedbackTopic(String name, double meanRating, List<String> texts) {
    }

    /**
     * The planted trusted-circle effect: on an order of brand B by the partner of a household head
     * who owns one of B's {@code triggers} since an earlier day, B's {@code offer} joins the order
     * with {@code probability}, unless the partner owns it already.
     *
     * @param triggers the head's lines that trigger the offer
     * @param offer the line the partner buys
     * @param probability chance per eligible order
     */
    public record TrustedCircle(List<String> triggers, String offer, double probability) {
    }

    /**
     * The category wallet: a customer's total yearly spend in the firm's categories, with every firm.
     * The feature wallet is F = median &middot; exp(segment effect + region effect + householdEffect (size - 1)
     * - ageCurvature (age - 45)&sup2; + sigma (&rho; z<sub>S</sub> + sqrt(1 - &rho;&sup2;) &epsilon;)); our expected yearly
     * spend while alive is S = 52.18 &lambda; p / &nu;; the true wallet is W = max(F, S / maxShare), so the
     * share S / W never exceeds {@code maxShare}. z<sub>S</sub> = (&Phi;<sup>-1</sup>(F(&lambda;)) - &Phi;<sup>-1</sup>(F(&nu;))) / &radic;2
     * is the customer's standard normal score of purchase rate and spend per order: customers who buy
     * more from us tend to have larger wallets, with correlation &rho; between the scores.
     *
     * @param median median of F at zero effects, a one-person household and age 45
     * @param sigma standard deviation of log F given the features
     * @param spendLink &rho;, the correlation of log F's noise with the customer's spend score z<sub>S</sub>
     * @param householdEffect added to log F per household member beyond the first
     * @param ageCurvature curvature of log F in age
     * @param maxShare the highest share of wallet a customer gives the firm
     * @param surveyNoise standard deviation of the log of survey answer / true wallet (mean-one noise)
     */
    public record Wallet(double median, double sigma, double spendLink, double householdEffect, double ageCurvature,
                         double maxShare, double surveyNoise) {
    }

    private static final double[][] P_PRICE = {
        {0.80, 0.02, 0.12, 0.06}, {0.40, 0.40, 0.15, 0.05}, {0.30, 0.03, 0.60, 0.07}, {0.30, 0.05, 0.15, 0.50}};
    private static final double[][] P_QUALITY = {
        {0.40, 0.35, 0.15, 0.10}, {0.02, 0.85, 0.05, 0.08}, {0.05, 0.30, 0.55, 0.10}, {0.03, 0.25, 0.07, 0.65}};
    private static final double[][] P_CONVENIENCE = {
        {0.55, 0.05, 0.35, 0.05}, {0.05, 0.55, 0.35, 0.05}, {0.07, 0.05, 0.83, 0.05}, {0.05, 0.05, 0.35, 0.55}};
    private static final double[][] P_INNOVATION = {
        {0.45, 0.05, 0.10, 0.40}, {0.03, 0.55, 0.07, 0.35}, {0.05, 0.05, 0.55, 0.35}, {0.03, 0.07, 0.05, 0.85}};
    private static final double[][] P_SERVICE = {
        {0.55, 0.20, 0.20, 0.05}, {0.04, 0.80, 0.10, 0.06}, {0.05, 0.20, 0.70, 0.05}, {0.05, 0.20, 0.10, 0.65}};

    private static final PlantedWorld DEFAULT = new PlantedWorld(
            Catalog.defaults(),
            List.of("price", "quality", "convenience", "innovation", "service"),
            0.8,
            List.of(
                // categories: grocery fashion electronics home baby travel insurance cards membership
                // acquisition: web store partner referral campaign; order: web app store phone
                // topics: price quality delivery app_features staff product_range
                new Segment("price_seekers", 0.30, 0.4, new double[] {6.2, 3.0, 4.0, 3.0, 3.0}, 44, -0.4,
                        new double[] {0.22, 0.18, 0.10, 0.12, 0.06, 0.07, 0.07, 0.10, 0.08},
                        new double[] {0.60, 0.05, 0.25, 0.10}, P_PRICE,
                        new double[] {0.30, 0.25, 0.10, 0.10, 0.25}, new double[] {0.40, 0.15, 0.35, 0.10},
                        new double[] {0.50, 0.10, 0.15, 0.05, 0.05, 0.15}),
                new Segment("quality_seekers", 0.20, -0.6, new double[] {2.8, 6.2, 3.5, 4.0, 4.5}, 48, 0.4,
                        new double[] {0.08, 0.24, 0.10, 0.16, 0.05, 0.14, 0.09, 0.09, 0.05},
                        new double[] {0.05, 0.60, 0.15, 0.20}, P_QUALITY,
                        new double[] {0.15, 0.35, 0.25, 0.20, 0.05}, new double[] {0.30, 0.10, 0.50, 0.10},
                        new double[] {0.05, 0.45, 0.10, 0.05, 0.15, 0.20}),
                new Segment("convenience_seekers", 0.20, 0.3, new double[] {4.0, 3.5, 6.2, 3.5, 3.0}, 40, 0.0,
                        new double[] {0.18, 0.10, 0.12, 0.08, 0.06, 0.08, 0.08, 0.12, 0.18},
                        new double[] {0.20, 0.10, 0.60, 0.10}, P_CONVENIENCE,
                        new double[] {0.45, 0.10, 0.15, 0.10, 0.20}, new double[] {0.40, 0.45, 0.10, 0.05},
                        new double[] {0.10, 0.05, 0.50, 0.20, 0.05, 0.10}),
                new Segment("innovators", 0.15, -0.4, new double[] {3.2, 4.5, 4.0, 6.3, 3.0}, 35, 0.25,
                        new double[] {0.07, 0.10, 0.38, 0.08, 0.03, 0.13, 0.04, 0.08, 0.09},
                        new double[] {0.05, 0.15, 0.15, 0.65}, P_INNOVATION,
                        new double[] {0.40, 0.05, 0.15, 0.25, 0.15}, new double[] {0.30, 0.60, 0.05, 0.05},
                        new double[] {0.05, 0.10, 0.10, 0.50, 0.05, 0.20}),
                new Segment("service_seekers", 0.15, 0.0, new double[] {3.5, 4.5, 3.5, 2.8, 6.2}, 52, 0.15,
                        new double[] {0.10, 0.10, 0.07, 0.13, 0.06, 0.17, 0.17, 0.11, 0.09},
                        new double[] {0.10, 0.45, 0.30, 0.15}, P_SERVICE,
                        new double[] {0.10, 0.45, 0.15, 0.20, 0.10}, new double[] {0.15, 0.05, 0.45, 0.35},
                        new double[] {0.05, 0.15, 0.10, 0.05, 0.55, 0.10})),
            List.of(new Region("capital", 0.22, 0.35), new Region("north", 0.20, -0.1),
                    new Region("south", 0.20, 0.0), new Region("east", 0.15, -0.15),
                    new Region("west", 0.15, 0.1), new Region("islands", 0.08, -0.25)),
            List.of(new AcquisitionChannel("web", 0.08, 15), new AcquisitionChannel("store", 0.12, 25),
                    new AcquisitionChannel("partner", 0.15, 45), new AcquisitionChannel("referral", 0.25, 20),
                    new AcquisitionChannel("campaign", 0.05, 30)),
            List.of("web", "app", "store", "phone"),
            0.75,
            3,
            0.4,
            13,
            new double[] {0.55, 0.33, 0.08, 0.04},
            new TrustedCircle(List.of("card_gold", "card_platinum"), "card_supplementary", 0.5),
            List.of(new LifeEvent("baby", 0.12, 22, 42, 0.002, false, 365,
                            List.of(new CategoryBoost("baby", 0.6), new CategoryBoost("insurance", 0.1))),
                    new LifeEvent("moved", 0.15, 18, 34, 0.10, false, 180,
                            List.of(new CategoryBoost("home", 0.5), new CategoryBoost("membership", 0.15),
                                    new CategoryBoost("insurance", 0.15))),
                    new LifeEvent("married", 0.08, 20, 45, 0.01, true, 270,
                            List.of(new CategoryBoost("insurance", 0.5), new CategoryBoost("travel", 0.3)))),
            List.of(new Touchpoint("call_center", 0.20, 0.6, 0.0), new Touchpoint("delivery", 0.25, 0.4, 0.0),
                    new Touchpoint("store_visit", 0.15, 0.0, 0.5), new Touchpoint("billing", 0.15, 0.0, 0.0),
                    new Touchpoint("web_chat", 0.15, 0.0, 0.0), new Touchpoint("mobile_app", 0.10, 0.0, 0.0)),
            new double[] {0.08, 0.12, 0.25, 0.35, 0.20},
            0.02,
            0.004,
            List.of(new FeedbackTopic("price", 2.4, List.of("Prices are higher than at the discounter",
                            "Please bring back the loyalty discount", "Fees on the card are too high")),
                    new FeedbackTopic("quality", 3.2, List.of("The fabric wore out after a few washes",
                            "Great quality, worth the price", "The premium range feels cheaper than before")),
                    new FeedbackTopic("delivery", 2.8, List.of("Delivery came two days late",
                            "Please offer evening delivery slots", "The parcel was left outside in the rain")),
                    new FeedbackTopic("app_features", 3.4, List.of("Add the card to the mobile wallet",
                            "I would like to scan items in the store with the app",
                            "Feature request: \"split the bill\" with my partner")),
                    new FeedbackTopic("staff", 3.6, List.of("The staff at the branch were very helpful",
                            "Nobody answered the phone for twenty minutes", "I want one advisor who knows me")),
                    new FeedbackTopic("product_range", 3.3, List.of("Please stock more organic produce",
                            "Bring back the travel insurance for families", "More baby products, please"))),
            new Wallet(800, 0.3, 0.5, 0.25, 0.0004, 0.9, 0.15));

    /** @return the world documented in {@code docs/simulator.md} */
    public static PlantedWorld defaults() {
        return DEFAULT;
    }

    /**
     * The rating cut points on the standard-normal latent satisfaction: rating k when
     * cut[k-2] &lt; s &le; cut[k-1].
     *
     * @return four increasing cut points from {@link #ratingShares()}
     */
    public double[] ratingCuts() {
        double[] cuts = new double[ratingShares.length - 1];
        double cum = 0;
        for (int k = 0; k < cuts.length; k++) {
            cum += ratingShares[k];
            cuts[k] = Normal.quantile(cum);
        }
        return cuts;
    }

    /**
     * The expected survey answer of a segment on a need: E[clamp(round(&mu; + sd &middot; &epsilon;), 1, 7)].
     * Rounding and clamping move the mean of the answers away from the latent mean &mu; near the ends
     * of the scale; this is the value the sample mean of the answers estimates.
     *
     * @param segment segment index
     * @param need need index
     * @return the expected answer
     */
    public double expectedAnswer(int segment, int need) {
        double mu = segments.get(segment).needMeans()[need];
        double e = 0;
        for (int k = 1; k <= 7; k++) {
            double lo = k == 1 ? 0 : Normal.cdf((k - 0.5 - mu) / needSd);
            double hi = k == 7 ? 1 : Normal.cdf((k + 0.5 - mu) / needSd);
            e += k * (hi - lo);
        }
        return e;
    }

    /** @param name a segment name @return its index @throws IllegalArgumentException if unknown */
    public int segmentIndex(String name) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no segment '" + name + "'");
    }
}
