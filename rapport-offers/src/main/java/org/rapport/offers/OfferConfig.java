package org.rapport.offers;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The offer engine's settings: rule-mining thresholds, arbitration levers, eligibility, the contact
 * policy and the life-event table. The defaults ship as the resource
 * {@code org/rapport/offers/offers-defaults.properties}; a properties file given with
 * {@link #load(Path)} overrides any key. docs/offers.md explains each setting.
 *
 * @param minSupport minimum support of a rule (supporting customers / customers)
 * @param minCount minimum number of supporting customers of a rule
 * @param minConfidence minimum confidence of a rule
 * @param minLift minimum lift of a mined rule (declared upgrades are exempt)
 * @param maxRulesPerAntecedent rules kept per antecedent, most confident first
 * @param minSegmentCustomers repeat customers a segment needs for its own favourites
 * @param favouritePriorLines weight, in order lines, of the segment's category shares against the
 *     customer's own lines when a favourite is personalised by the customer's category affinity
 * @param repeatable product ids or categories that may be offered to a customer who owns them
 * @param consentAttributes names of customer_attributes that carry marketing consent
 * @param maxOffersPerPeriod most offers sent to one customer within {@code periodDays}
 * @param periodDays the contact-policy period in days
 * @param cooldownDays days after a rejection during which the product is not offered again
 * @param offerLevers business lever per offer id (multiplies the score; default 1)
 * @param segmentLevers business lever per segment (multiplies the score; default 1)
 * @param notForSegment per segment, product ids or categories never offered to it
 * @param lifeEvents the life-event trigger table
 * @param calibrationWindowDays length of the time split the propensities are calibrated on, and their horizon (0: no calibration)
 * @param prerequisiteShare a product whose buyers owned another product before at least this often requires it
 * @param prerequisiteMinBuyers buyers a product needs before a prerequisite is learned for it
 * @param prerequisiteDeclared whether {@code products.upgrade_of} is a prerequisite too
 * @param controlShare default share of a campaign's eligible customers held out as its control group
 * @param triggerRank the rank given to the strongest triggered offer (life event, trusted circle) when expected value ranks it lower; 0 = off
 */
public record OfferConfig(double minSupport, int minCount, double minConfidence, double minLift,
        int maxRulesPerAntecedent, int minSegmentCustomers, double favouritePriorLines, Set<String> repeatable, Set<String> consentAttributes,
        int maxOffersPerPeriod, int periodDays, int cooldownDays, Map<String, Double> offerLevers,
        Map<String, Double> segmentLevers, Map<String, Set<String>> notForSegment, List<LifeEventTrigger> lifeEvents,
        int calibrationWindowDays, double prerequisiteShare, int prerequisiteMinBuyers, boolean prerequisiteDeclared, double controlShare,
        int triggerRank) {

    /** The resource holding the defaults. */
    public static final String DEFAULTS_RESOURCE = "org/rapport/offers/offers-defaults.properties";

    /**
     * One row of the life-event table.
     *
     * @param type the canonical event type, e.g. {@code baby}
     * @param aliases other names of the type in {@code life_events.type} (lower case)
     * @param windowDays days after the event during which the trigger is live
     * @param targets categories or product ids the event makes likely
     */
    public record LifeEventTrigger(String type, Set<String> aliases, int windowDays, Set<String> targets) {
        /**
         * @param name an event type as stored
         * @return whether it names this trigger's type
         */
        public boolean matches(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            return n.equals(type) || aliases.contains(n);
        }
    }

    /** @return the shipped defaults */
    public static OfferConfig defaults() {
        return from(defaultProperties());
    }

    /**
     * @param file a properties file overriding some defaults
     * @return the defaults overridden by the file
     * @throws OfferException if the file cannot be read or a value is invalid
     */
    public static OfferConfig load(Path file) {
        Properties p = defaultProperties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new OfferException(OfferException.CONFIG_UNREADABLE, file, e.getMessage());
        }
        return from(p);
    }

    /**
     * @param overrides keys overriding the defaults
     * @return the defaults overridden by the map
     */
    public static OfferConfig of(Map<String, String> overrides) {
        Properties p = defaultProperties();
        p.putAll(overrides);
        return from(p);
    }

    private static Properties defaultProperties() {
        Properties p = new Properties();
        try (InputStream in = OfferConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULTS_RESOURCE);
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        return p;
    }

    private static OfferConfig from(Properties p) {
        Map<String, Double> offerLevers = new LinkedHashMap<>();
        Map<String, Double> segmentLevers = new LinkedHashMap<>();
        Map<String, Set<String>> notFor = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith("lever.offer.")) {
                offerLevers.put(key.substring("lever.offer.".length()), positive(p, key));
            } else if (key.startsWith("lever.segment.")) {
                segmentLevers.put(key.substring("lever.segment.".length()), positive(p, key));
            } else if (key.startsWith("not-for-segment.")) {
                notFor.put(key.substring("not-for-segment.".length()), list(p, key));
            }
        }
        List<LifeEventTrigger> events = new ArrayList<>();
        for (String type : list(p, "life-events")) {
            String k = "life-event." + type + ".";
            Set<String> aliases = new TreeSet<>();
            for (String a : list(p, k + "aliases")) {
                aliases.add(a.toLowerCase(Locale.ROOT));
            }
            events.add(new LifeEventTrigger(type.toLowerCase(Locale.ROOT), Set.copyOf(aliases), intAtLeast(p, k + "window-days", 1),
                    list(p, k + "targets")));
        }
        double minSupport = number(p, "min-support");
        if (!(minSupport >= 0 && minSupport < 1)) {
            throw new OfferException(OfferException.BAD_CONFIG, "min-support", p.getProperty("min-support"), "a fraction in [0, 1)");
        }
        double minConfidence = number(p, "min-confidence");
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new OfferException(OfferException.BAD_CONFIG, "min-confidence", p.getProperty("min-confidence"), "a probability in [0, 1]");
        }
        double minLift = number(p, "min-lift");
        if (!(minLift >= 0)) {
            throw new OfferException(OfferException.BAD_CONFIG, "min-lift", p.getProperty("min-lift"), "a number >= 0");
        }
        double priorLines = number(p, "favourite-prior-lines");
        if (!(priorLines > 0)) {
            throw new OfferException(OfferException.BAD_CONFIG, "favourite-prior-lines", p.getProperty("favourite-prior-lines"), "a number > 0");
        }
        return new OfferConfig(minSupport, intAtLeast(p, "min-count", 1), minConfidence, minLift,
                intAtLeast(p, "max-rules-per-antecedent", 1), intAtLeast(p, "min-segment-customers", 1), priorLines, list(p, "repeatable"),
                lower(list(p, "consent-attributes")), intAtLeast(p, "max-offers-per-period", 1), intAtLeast(p, "period-days", 1),
                intAtLeast(p, "cooldown-days", 0), Map.copyOf(offerLevers), Map.copyOf(segmentLevers), Map.copyOf(notFor), List.copyOf(events),
                intAtLeast(p, "calibration-window-days", 0), fraction(p, "prerequisite-share", 0.5, 1), intAtLeast(p, "prerequisite-min-buyers", 1),
                Boolean.parseBoolean(p.getProperty("prerequisite-declared", "true").trim()), controlShare(p.getProperty("control-share", "0.1")),
                intAtLeast(p, "trigger-rank", 0));
    }

    /**
     * @param value a control-group share as text
     * @return the share
     * @throws OfferException unless it is a number in [0, 0.9]
     */
    public static double controlShare(String value) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d >= 0 && d <= 0.9)) {
            throw new OfferException(OfferException.BAD_CONFIG, "control-share", value, "a share in [0, 0.9] (the control group's part of the eligible customers)");
        }
        return d;
    }

    private static double fraction(Properties p, String key, double min, double max) {
        double d = number(p, key);
        if (!(d >= min && d <= max)) {
            throw new OfferException(OfferException.BAD_CONFIG, key, p.getProperty(key), "a number in [" + min + ", " + max + "]");
        }
        return d;
    }

    private static Set<String> lower(Set<String> s) {
        Set<String> out = new TreeSet<>();
        s.forEach(x -> out.add(x.toLowerCase(Locale.ROOT)));
        return Set.copyOf(out);
    }

    private static Set<String> list(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        Set<String> out = new TreeSet<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return Set.copyOf(out);
    }

    private static double number(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new OfferException(OfferException.BAD_CONFIG, key, v, "a number");
        }
    }

    private static double positive(Properties p, String key) {
        double d = number(p, key);
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new OfferException(OfferException.BAD_CONFIG, key, p.getProperty(key), "a finite number >= 0");
        }
        return d;
    }

    private static int intAtLeast(Properties p, String key, int min) {
        String v = p.getProperty(key, "").trim();
        try {
            int i = Integer.parseInt(v);
            if (i >= min) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OfferException(OfferException.BAD_CONFIG, key, v, "a whole number >= " + min);
    }

    /**
     * @param offerId an offer
     * @param segment the customer's segment, or null
     * @return the product of the offer's and the segment's levers
     */
    public double lever(String offerId, String segment) {
        double l = offerLevers.getOrDefault(offerId, 1.0);
        if (segment != null) {
            l *= segmentLevers.getOrDefault(segment, 1.0);
        }
        return l;
    }
}
