package org.rapport.simulator;

import java.util.List;

/** Validation of a {@link PlantedWorld}; every failure is a {@link SimulatorException} naming the field. */
final class WorldChecks {
    private static final double EPS = 1e-9;

    private WorldChecks() {
    }

    static void check(Catalog catalog, List<String> needs, double needSd, List<PlantedWorld.Segment> segments,
                      List<PlantedWorld.Region> regions, List<PlantedWorld.AcquisitionChannel> channels,
                      List<String> orderChannels, double[] householdSizes, PlantedWorld.TrustedCircle circle,
                      List<PlantedWorld.LifeEvent> lifeEvents, List<PlantedWorld.Touchpoint> touchpoints,
                      double[] ratingShares, List<PlantedWorld.FeedbackTopic> topics, PlantedWorld.Wallet wallet) {
        positive("needSd", needSd);
        segments(catalog, needs, segments, channels, orderChannels, topics);
        sum("region weights", regions.stream().mapToDouble(PlantedWorld.Region::weight).sum());
        sum("household sizes", java.util.Arrays.stream(householdSizes).sum());
        sum("touchpoint weights", touchpoints.stream().mapToDouble(PlantedWorld.Touchpoint::weight).sum());
        sum("rating shares", java.util.Arrays.stream(ratingShares).sum());
        length("rating shares", ratingShares.length, 5, "ratings");
        for (PlantedWorld.Touchpoint t : touchpoints) {
            double l = t.churnLoading() * t.churnLoading() + t.spendLoading() * t.spendLoading();
            range("touchpoint " + t.name() + " squared loadings", l, 0, 1);
        }
        plantedRules(catalog, lifeEvents, circle);
        range("wallet maxShare", wallet.maxShare(), EPS, 1);
        range("wallet spendLink", wallet.spendLink(), -1, 1);
        positive("wallet median", wallet.median());
    }

    private static void segments(Catalog catalog, List<String> needs, List<PlantedWorld.Segment> segments,
                                 List<PlantedWorld.AcquisitionChannel> channels, List<String> orderChannels,
                                 List<PlantedWorld.FeedbackTopic> topics) {
        int brands = catalog.brands().size();
        double weights = 0;
        double tilt = 0;
        for (PlantedWorld.Segment s : segments) {
            String n = "segment " + s.name();
            positive(n + " weight", s.weight());
            range(n + " spendTilt", s.spendTilt(), -1, 1);
            weights += s.weight();
            tilt += s.weight() * s.spendTilt();
            length(n + " needMeans", s.needMeans().length, needs.size(), "needs");
            distribution(n + " categoryPreference", s.categoryPreference(), catalog.categories().size(), "categories");
            distribution(n + " initialBrand", s.initialBrand(), brands, "brands");
            length(n + " brandSwitching", s.brandSwitching().length, brands, "brands");
            for (int i = 0; i < brands; i++) {
                distribution(n + " brandSwitching row " + catalog.brands().get(i).name(), s.brandSwitching()[i],
                        brands, "brands");
            }
            distribution(n + " acquisitionChannel", s.acquisitionChannel(), channels.size(), "acquisition channels");
            distribution(n + " orderChannel", s.orderChannel(), orderChannels.size(), "order channels");
            distribution(n + " feedbackTopic", s.feedbackTopic(), topics.size(), "feedback topics");
        }
        sum("segment weights", weights);
        if (Math.abs(tilt) > EPS) {
            throw new SimulatorException(SimulatorException.TILT_NOT_BALANCED, tilt);
        }
    }

    /** Life events, the trusted circle, upgrade paths and co-purchases refer to real categories and lines. */
    private static void plantedRules(Catalog catalog, List<PlantedWorld.LifeEvent> lifeEvents,
                                     PlantedWorld.TrustedCircle circle) {
        for (PlantedWorld.LifeEvent e : lifeEvents) {
            positive("life event " + e.type() + " windowDays", e.windowDays());
            for (PlantedWorld.CategoryBoost b : e.boosts()) {
                if (!catalog.categories().contains(b.category())) {
                    throw new SimulatorException(SimulatorException.UNKNOWN, "life event " + e.type(), "category",
                            b.category());
                }
                positive("life event " + e.type() + " addedWeight", b.addedWeight());
            }
        }
        for (String line : circle.triggers()) {
            line("trusted circle", catalog, line);
        }
        line("trusted circle", catalog, circle.offer());
        range("trusted circle probability", circle.probability(), 0, 1);
        for (Catalog.UpgradePath u : catalog.upgradePaths()) {
            line("upgrade path", catalog, u.base());
            line("upgrade path", catalog, u.upgrade());
            range("upgrade probability", u.probability(), 0, 1);
        }
        for (Catalog.CoPurchase c : catalog.coPurchases()) {
            line("co-purchase", catalog, c.trigger());
            line("co-purchase", catalog, c.companion());
            range("co-purchase probability", c.probability(), 0, 1);
        }
    }

    static double positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new SimulatorException(SimulatorException.NOT_POSITIVE, name, v);
        }
        return v;
    }

    static long positive(String name, long v) {
        if (v <= 0) {
            throw new SimulatorException(SimulatorException.NOT_POSITIVE, name, v);
        }
        return v;
    }

    static double range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new SimulatorException(SimulatorException.OUT_OF_RANGE, name, v, lo, hi);
        }
        return v;
    }

    private static void length(String name, int n, int expected, String what) {
        if (n != expected) {
            throw new SimulatorException(SimulatorException.WRONG_LENGTH, name, n, expected, what);
        }
    }

    private static void distribution(String name, double[] p, int expected, String what) {
        length(name, p.length, expected, what);
        double s = 0;
        for (double v : p) {
            range(name, v, 0, 1);
            s += v;
        }
        sum(name, s);
    }

    private static void sum(String name, double s) {
        if (Math.abs(s - 1) > EPS) {
            throw new SimulatorException(SimulatorException.NOT_A_DISTRIBUTION, name, s);
        }
    }

    private static void line(String where, Catalog catalog, String code) {
        if (catalog.lines().stream().noneMatch(l -> l.code().equals(code))) {
            throw new SimulatorException(SimulatorException.UNKNOWN, where, "product line", code);
        }
    }
}
