package org.rapport.simulator;

import java.util.List;
import java.util.Map;

/**
 * The planted causal effect of receiving an offer (docs/simulator.md, "Campaigns and treatment
 * effects"). Every (customer, product) pair has a latent response type, drawn once from the pair's own
 * seeded generator with shares that depend on the customer's segment:
 *
 * <ul>
 * <li>{@code persuadable}: buys with probability 0.2 a without the offer and 0.2 a + u with it;</li>
 * <li>{@code sure_thing}: buys with probability a either way;</li>
 * <li>{@code lost_cause}: never buys the product in the follow-up;</li>
 * <li>{@code do_not_disturb}: buys with probability a without the offer and 0.2 a with it (the contact
 * annoys them);</li>
 * <li>{@code gone}: a customer who had stopped buying before the send (truth {@code alive_at_end =
 * false}): never buys.</li>
 * </ul>
 *
 * where a = 1 &minus; e<sup>&minus;&lambda; W</sup> is the chance that the customer orders in the W weeks
 * of the follow-up at their planted purchase rate &lambda;, and u = the category's uplift &times; the
 * segment's sensitivity. Cards carry zero uplift: a coupon does not move anybody to a card.
 *
 * @param persuadable share of persuadables by segment
 * @param doNotDisturb share of do-not-disturbs by segment
 * @param sensitivity multiplier of the category uplift by segment
 * @param categoryUplift u by category before the segment's sensitivity
 * @param sureThingShareOfRest of the customers neither persuadable nor do-not-disturb, the share of sure things
 * @param persuadableBaseline the persuadables' take-up without the offer, as a share of a
 * @param annoyedShare a do-not-disturb's take-up with the offer, as a share of a
 */
public record PlantedUplift(Map<String, Double> persuadable, Map<String, Double> doNotDisturb, Map<String, Double> sensitivity,
                            Map<String, Double> categoryUplift, double sureThingShareOfRest, double persuadableBaseline,
                            double annoyedShare) {

    /** The response types, in the order of the draw. */
    public static final List<String> TYPES = List.of("persuadable", "do_not_disturb", "sure_thing", "lost_cause", "gone");

    /** @return the defaults of the simulated world */
    public static PlantedUplift defaults() {
        return new PlantedUplift(
                Map.of("price_seekers", 0.45, "quality_seekers", 0.20, "convenience_seekers", 0.30, "innovators", 0.35,
                        "service_seekers", 0.10),
                Map.of("price_seekers", 0.05, "quality_seekers", 0.10, "convenience_seekers", 0.05, "innovators", 0.05,
                        "service_seekers", 0.35),
                Map.of("price_seekers", 1.2, "quality_seekers", 0.8, "convenience_seekers", 1.0, "innovators", 1.0,
                        "service_seekers", 0.8),
                Map.of("grocery", 0.30, "fashion", 0.25, "electronics", 0.15, "home", 0.20, "baby", 0.30, "travel", 0.10,
                        "insurance", 0.10, "cards", 0.0, "membership", 0.20),
                1.0 / 3, 0.2, 0.2);
    }

    /**
     * The response type for a uniform draw x in [0, 1).
     *
     * @param segment the customer's planted segment
     * @param alive whether the customer was still buying at the send
     * @param x the pair's uniform draw
     * @return one of {@link #TYPES}
     */
    public String type(String segment, boolean alive, double x) {
        if (!alive) {
            return "gone";
        }
        double p = persuadable.getOrDefault(segment, 0.0);
        double d = doNotDisturb.getOrDefault(segment, 0.0);
        if (x < p) {
            return "persuadable";
        }
        if (x < p + d) {
            return "do_not_disturb";
        }
        return x < p + d + (1 - p - d) * sureThingShareOfRest ? "sure_thing" : "lost_cause";
    }

    /**
     * The take-up probabilities of one pair.
     *
     * @param type the response type
     * @param segment the customer's planted segment
     * @param category the product's category
     * @param lambda the customer's purchase rate per week
     * @param weeks the follow-up's length in weeks
     * @return {P(buy | control), P(buy | treated)}
     */
    public double[] takeUp(String type, String segment, String category, double lambda, double weeks) {
        double a = 1 - Math.exp(-lambda * weeks);
        double u = categoryUplift.getOrDefault(category, 0.0) * sensitivity.getOrDefault(segment, 1.0);
        return switch (type) {
            case "persuadable" -> new double[] {persuadableBaseline * a, Math.min(1, persuadableBaseline * a + u)};
            case "sure_thing" -> new double[] {a, a};
            case "do_not_disturb" -> new double[] {a, annoyedShare * a};
            default -> new double[] {0, 0};
        };
    }
}
