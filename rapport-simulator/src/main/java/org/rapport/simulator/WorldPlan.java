package org.rapport.simulator;

import java.util.List;

/**
 * The options and the planted world compiled once into the flat tables the generator reads:
 * cumulative probabilities, product indices by brand and line, the calendar in days and weeks.
 * Immutable and shared by every chunk.
 */
final class WorldPlan {
    /** Weeks per year, for yearly rates and the yearly wallet. */
    static final double WEEKS_PER_YEAR = 365.25 / 7;
    /** Customers per chunk: part of the world's definition (households never span chunks). */
    static final int CHUNK_SIZE = 4096;
    /** An order id is customer id times this plus the order's number (from 1). */
    static final long ORDER_ID_BASE = 100_000;
    /** Most regular (untriggered) lines on one order. */
    static final int MAX_REGULAR_LINES = 5;
    /** Youngest and oldest age at the start of the simulation. */
    static final double MIN_AGE = 18;
    static final double MAX_AGE = 90;
    /** Dirichlet concentration of a prospect's acquisition probability around its channel's mean. */
    static final double PROSPECT_CONCENTRATION = 20;
    /** Standard deviation of the log of a prospect's acquisition cost around its channel's mean. */
    static final double PROSPECT_COST_SIGMA = 0.3;

    final WorldOptions options;
    final PlantedWorld world;
    final int startDay;
    final int calibrationDays;
    final double tWindow;
    final double tCalibration;
    final double tEnd;
    final int brands;
    final int lines;
    final int categories;
    final int[] lineCategory;
    final double[] lineExtraQuantity;
    final double[] productPrice;
    final int[][] categoryLines;
    final double[][] categoryLineCum;
    final int[] upgradeBase;
    final int[] upgradeTo;
    final double[] upgradeProbability;
    final int[] companion;
    final double[] companionProbability;
    final int[] circleTriggers;
    final int circleOffer;
    final double[] segmentWeight;
    final double[] segmentTilt;
    final double[] segmentCum;
    final double[][] initialBrandCum;
    final double[][][] switchingCum;
    final double[][] acquisitionCum;
    final double[][] orderChannelCum;
    final double[][] topicCum;
    final double[] regionCum;
    final double[] householdCum;
    final double[] touchpointCum;
    final double[] ratingCuts;
    final double[][] lifeEventBoost;

    WorldPlan(WorldOptions o) {
        this.options = o.checkDates();
        this.world = o.world();
        Catalog cat = world.catalog();
        startDay = (int) o.start().toEpochDay();
        int windowDays = (int) (o.firstPurchaseEnd().toEpochDay() - startDay + 1);
        calibrationDays = (int) (o.calibrationEnd().toEpochDay() - startDay + 1);
        int days = (int) (o.end().toEpochDay() - startDay + 1);
        tWindow = windowDays / 7.0;
        tCalibration = calibrationDays / 7.0;
        tEnd = days / 7.0;
        brands = cat.brands().size();
        lines = cat.lines().size();
        categories = cat.categories().size();
        lineCategory = new int[lines];
        lineExtraQuantity = new double[lines];
        for (int l = 0; l < lines; l++) {
            lineCategory[l] = cat.categoryIndex(cat.lines().get(l).category());
            lineExtraQuantity[l] = cat.lines().get(l).extraQuantityMean();
        }
        productPrice = cat.products().stream().mapToDouble(Catalog.Product::price).toArray();
        categoryLines = new int[categories][];
        categoryLineCum = new double[categories][];
        for (int c = 0; c < categories; c++) {
            String name = cat.categories().get(c);
            categoryLines[c] = java.util.stream.IntStream.range(0, lines)
                    .filter(l -> cat.lines().get(l).category().equals(name) && cat.lines().get(l).entryWeight() > 0)
                    .toArray();
            categoryLineCum[c] = cumulative(java.util.Arrays.stream(categoryLines[c])
                    .mapToDouble(l -> cat.lines().get(l).entryWeight()).toArray());
        }
        List<Catalog.UpgradePath> ups = cat.upgradePaths();
        upgradeBase = ups.stream().mapToInt(u -> cat.lineIndex(u.base())).toArray();
        upgradeTo = ups.stream().mapToInt(u -> cat.lineIndex(u.upgrade())).toArray();
        upgradeProbability = ups.stream().mapToDouble(Catalog.UpgradePath::probability).toArray();
        companion = new int[lines];
        companionProbability = new double[lines];
        java.util.Arrays.fill(companion, -1);
        for (Catalog.CoPurchase c : cat.coPurchases()) {
            companion[cat.lineIndex(c.trigger())] = cat.lineIndex(c.companion());
            companionProbability[cat.lineIndex(c.trigger())] = c.probability();
        }
        circleTriggers = world.trustedCircle().triggers().stream().mapToInt(cat::lineIndex).toArray();
        circleOffer = cat.lineIndex(world.trustedCircle().offer());
        List<PlantedWorld.Segment> segs = world.segments();
        int s = segs.size();
        segmentWeight = segs.stream().mapToDouble(PlantedWorld.Segment::weight).toArray();
        segmentTilt = segs.stream().mapToDouble(PlantedWorld.Segment::spendTilt).toArray();
        segmentCum = cumulative(segmentWeight);
        initialBrandCum = new double[s][];
        switchingCum = new double[s][brands][];
        acquisitionCum = new double[s][];
        orderChannelCum = new double[s][];
        topicCum = new double[s][];
        for (int k = 0; k < s; k++) {
            PlantedWorld.Segment g = segs.get(k);
            initialBrandCum[k] = cumulative(g.initialBrand());
            for (int b = 0; b < brands; b++) {
                switchingCum[k][b] = cumulative(g.brandSwitching()[b]);
            }
            acquisitionCum[k] = cumulative(g.acquisitionChannel());
            orderChannelCum[k] = cumulative(g.orderChannel());
            topicCum[k] = cumulative(g.feedbackTopic());
        }
        regionCum = cumulative(world.regions().stream().mapToDouble(PlantedWorld.Region::weight).toArray());
        householdCum = cumulative(world.householdSizes());
        touchpointCum = cumulative(world.touchpoints().stream().mapToDouble(PlantedWorld.Touchpoint::weight).toArray());
        ratingCuts = world.ratingCuts();
        lifeEventBoost = new double[world.lifeEvents().size()][categories];
        for (int e = 0; e < lifeEventBoost.length; e++) {
            for (PlantedWorld.CategoryBoost b : world.lifeEvents().get(e).boosts()) {
                lifeEventBoost[e][cat.categoryIndex(b.category())] += b.addedWeight();
            }
        }
    }

    /** @param brand brand index @param line line index @return the product index */
    int product(int brand, int line) {
        return brand * lines + line;
    }

    /** @return the number of customer chunks */
    long customerChunks() {
        return (options.customers() + CHUNK_SIZE - 1) / CHUNK_SIZE;
    }

    /** @return the number of prospects */
    long prospects() {
        return Math.round(options.customers() * options.prospectsPerCustomer());
    }

    /** @return the number of prospect chunks */
    long prospectChunks() {
        return (prospects() + CHUNK_SIZE - 1) / CHUNK_SIZE;
    }

    static double[] cumulative(double[] p) {
        double[] c = new double[p.length];
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i];
            c[i] = s;
        }
        return c;
    }
}
