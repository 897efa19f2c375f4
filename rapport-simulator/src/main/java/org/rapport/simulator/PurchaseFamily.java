package org.rapport.simulator;

import java.util.List;
import java.util.Locale;

/**
 * The buy-till-you-die family that plants the simulated purchases (time unit one week). In all three a
 * customer buys as a Poisson process of rate &lambda; ~ Gamma(r, &alpha;) while alive, from a first purchase
 * uniform over the first-purchase window; they differ in how customers leave.
 */
public enum PurchaseFamily {
    /** BG/NBD: after each repeat purchase the customer leaves with probability p ~ Beta(a, b). */
    BGNBD("r", "alpha", "a", "b"),
    /** Pareto/NBD: the customer leaves after an exponential lifetime of rate &mu; ~ Gamma(s, &beta;). */
    PNBD("r", "alpha", "s", "beta"),
    /** MBG/NBD: as BG/NBD, plus a toss right after the first purchase. */
    MBGNBD("r", "alpha", "a", "b");

    private final List<String> parameterNames;

    PurchaseFamily(String... names) {
        this.parameterNames = List.of(names);
    }

    /** @return the four parameter names, in order */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /** @return the name used in files and options, e.g. {@code pnbd} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code bgnbd}, {@code pnbd} or {@code mbgnbd} (any case)
     * @return the family
     * @throws IllegalArgumentException naming the accepted values
     */
    public static PurchaseFamily of(String id) {
        for (PurchaseFamily f : values()) {
            if (f.id().equalsIgnoreCase(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("purchase family '" + id + "' is not one of bgnbd, pnbd, mbgnbd");
    }
}
