package org.rapport.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Sends a campaign into a simulated world (docs/simulator.md, "Campaigns and treatment effects"): for
 * every member of the campaign, treated or control, whether they buy the offered product in the
 * follow-up weeks after the send, by the {@link PlantedUplift}. Writes the purchases as
 * {@code follow_up_transactions.csv} (the columns of {@code transactions.csv}, to ingest into the store)
 * and the truth as {@code truth_uplift.csv}: per member the response type, the take-up probabilities
 * without and with the offer, the true uplift (their difference) and the outcome.
 *
 * <p>Each (customer, product) pair draws from its own generator (seed, stream 3, the pair), so a pair's
 * type and outcome do not depend on who else is in the campaign nor on the order of the members; the
 * same uniform decides the outcome in either arm (coupled potential outcomes).
 */
public final class CampaignFollowUp {
    /** The follow-up file of purchases. */
    public static final String TRANSACTIONS = "follow_up_transactions.csv";
    /** The truth file of the follow-up. */
    public static final String TRUTH = "truth_uplift.csv";
    static final long STREAM = 3;

    private final long seed;
    private final PlantedUplift uplift;
    private final Map<String, String> segment = new HashMap<>();
    private final Map<String, Double> lambda = new HashMap<>();
    private final Map<String, Boolean> alive = new HashMap<>();
    private final Map<String, String> category = new HashMap<>();
    private final Map<String, Double> price = new HashMap<>();

    /** One member of a campaign: the customer, the offered product and whether they were contacted. */
    public record Send(String customerId, String productId, boolean treated) {
    }

    /**
     * One member's truth.
     *
     * @param send the member
     * @param type the response type ({@link PlantedUplift#TYPES})
     * @param pControl P(buy) without the offer
     * @param pTreated P(buy) with the offer
     * @param bought whether they bought in the follow-up (in their arm)
     * @param day the day after the send of the purchase, when they bought
     */
    public record Outcome(Send send, String type, double pControl, double pTreated, boolean bought, int day) {
        /** @return the true uplift, pTreated &minus; pControl */
        public double uplift() {
            return pTreated - pControl;
        }
    }

    private CampaignFollowUp(long seed, PlantedUplift uplift) {
        this.seed = seed;
        this.uplift = uplift;
    }

    /**
     * Reads a simulated world's truth and catalogue.
     *
     * @param world the folder {@link WorldSimulator#simulate} wrote
     * @param seed the seed of the follow-up
     * @param uplift the planted effects
     * @return the follow-up simulator
     * @throws IOException if the files cannot be read
     */
    public static CampaignFollowUp of(Path world, long seed, PlantedUplift uplift) throws IOException {
        CampaignFollowUp f = new CampaignFollowUp(seed, uplift);
        List<String> truth = Files.readAllLines(world.resolve(WorldFile.TRUTH_CUSTOMERS.fileName()), StandardCharsets.UTF_8);
        for (String line : truth.subList(1, truth.size())) {
            String[] c = line.split(",", -1);
            f.segment.put(c[0], c[1]);
            f.lambda.put(c[0], Double.parseDouble(c[2]));
            f.alive.put(c[0], Boolean.parseBoolean(c[9]));
        }
        List<String> products = Files.readAllLines(world.resolve(WorldFile.PRODUCTS.fileName()), StandardCharsets.UTF_8);
        for (String line : products.subList(1, products.size())) {
            String[] c = line.split(",", -1);
            f.category.put(c[0], c[3]);
            f.price.put(c[0], Double.parseDouble(c[4]));
        }
        return f;
    }

    /**
     * The truth of one member, without writing anything.
     *
     * @param s the member
     * @param weeks the follow-up's length in weeks
     * @return the type, probabilities and outcome
     * @throws IllegalArgumentException if the customer or product is not in the world
     */
    public Outcome outcome(Send s, double weeks) {
        String seg = segment.get(s.customerId());
        String cat = category.get(s.productId());
        if (seg == null || cat == null) {
            throw new IllegalArgumentException(seg == null ? "customer '" + s.customerId() + "' is not in the simulated world"
                    : "product '" + s.productId() + "' is not in the simulated world");
        }
        UniformRandomProvider rng = pair(s);
        String type = uplift.type(seg, alive.get(s.customerId()), rng.nextDouble());
        double[] p = uplift.takeUp(type, seg, cat, lambda.get(s.customerId()), weeks);
        boolean bought = rng.nextDouble() < (s.treated() ? p[1] : p[0]);
        int day = 1 + rng.nextInt((int) Math.max(1, Math.round(7 * weeks)));
        return new Outcome(s, type, p[0], p[1], bought, day);
    }

    private UniformRandomProvider pair(Send s) {
        long key = Seeds.mix(s.customerId().hashCode() * 0x9E3779B97F4A7C15L + s.productId().hashCode());
        return Seeds.generator(seed, STREAM, key);
    }

    /**
     * Simulates the follow-up of a campaign sent on {@code sent} and writes its files into {@code out}.
     *
     * @param sends the members
     * @param sent the day of the send; purchases fall on the days after it, uniformly over the follow-up
     * @param weeks the follow-up's length in weeks (at least 1)
     * @param out the folder for {@link #TRANSACTIONS} and {@link #TRUTH}
     * @return every member's outcome, in the order of {@code sends}
     * @throws IOException if the files cannot be written
     */
    public List<Outcome> simulate(List<Send> sends, LocalDate sent, int weeks, Path out) throws IOException {
        if (weeks < 1) {
            throw new IllegalArgumentException("the follow-up must last at least one week, not " + weeks);
        }
        Files.createDirectories(out);
        List<Outcome> outcomes = sends.stream().map(s -> outcome(s, weeks)).toList();
        try (BufferedWriter tx = Files.newBufferedWriter(out.resolve(TRANSACTIONS), StandardCharsets.UTF_8);
             BufferedWriter tr = Files.newBufferedWriter(out.resolve(TRUTH), StandardCharsets.UTF_8)) {
            tx.write(WorldFile.TRANSACTIONS.header() + "\n");
            tr.write("customer_id,product_id,arm,type,p_control,p_treated,uplift,bought\n");
            for (Outcome o : outcomes) {
                Send s = o.send();
                tr.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%.10g,%.10g,%.10g,%b%n", s.customerId(), s.productId(),
                        s.treated() ? "treated" : "control", o.type(), o.pControl(), o.pTreated(), o.uplift(), o.bought()));
                if (o.bought()) {
                    tx.write(String.format(Locale.ROOT, "%s,%s,%.2f,F%s-%s,%s,1,web%n", s.customerId(), sent.plusDays(o.day()),
                            price.get(s.productId()), s.customerId(), s.productId(), s.productId()));
                }
            }
        }
        return outcomes;
    }
}
