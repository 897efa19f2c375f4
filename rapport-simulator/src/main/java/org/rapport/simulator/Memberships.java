package org.rapport.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;

/**
 * The contractual side of a world: a share of the customers hold a monthly membership (a card or club
 * plan) that they renew or let lapse each month. Each member's monthly lapse probability &theta; is drawn
 * from the plan's beta distribution, the planted truth of the shifted beta-geometric model (Fader &amp;
 * Hardie 2007, 2010). Writes {@code memberships.csv} (customer_id, plan, start_date, end_date, fee; no end
 * date while the membership runs at the end of the data) and {@code truth_memberships.csv} (each member's
 * &theta;, renewals made and whether the membership runs at the end) and {@code truth_membership_plans.csv}
 * (the plans' &alpha;, &beta;, fee and share). Its own random stream: the other files of
 * the world are the same with or without it.
 */
public final class Memberships {
    /** The file of memberships. */
    public static final String FILE = "memberships.csv";
    /** Each member's planted lapse probability. */
    public static final String TRUTH = "truth_memberships.csv";
    /** The plans with their planted beta shapes. */
    public static final String PLANS = "truth_membership_plans.csv";
    /** Share of customers holding a membership. */
    public static final double SHARE = 0.3;
    /** The plans: name, &alpha;, &beta;, monthly fee, share of members. */
    public static final List<Plan> PLAN_LIST = List.of(new Plan("club", 0.9, 6.0, 9.99, 0.6),
            new Plan("plus", 2.0, 14.0, 19.99, 0.4));
    private static final long STREAM = 7;

    /**
     * A plan.
     *
     * @param name its name
     * @param alpha first beta shape of the monthly lapse probability
     * @param beta second beta shape
     * @param fee the monthly fee
     * @param share the share of members on it
     */
    public record Plan(String name, double alpha, double beta, double fee, double share) {
    }

    private Memberships() {
    }

    /**
     * Writes the memberships of the world's customers and their truth.
     *
     * @param dir the world's folder
     * @param options the world's options (customers, seed, dates)
     * @return the number of memberships written
     * @throws IOException if a file cannot be written
     */
    public static long write(Path dir, WorldOptions options) throws IOException {
        UniformRandomProvider rng = Seeds.generator(options.seed(), STREAM, 0);
        LocalDate first = options.start();
        LocalDate end = options.end();
        long days = Math.max(1, ChronoUnit.DAYS.between(first, end.minusMonths(1)));
        long n = 0;
        try (BufferedWriter m = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8);
             BufferedWriter t = Files.newBufferedWriter(dir.resolve(TRUTH), StandardCharsets.UTF_8)) {
            m.write("customer_id,plan,start_date,end_date,fee\n");
            t.write("customer_id,plan,churn_probability,renewals,active_at_end\n");
            for (long id = 1; id <= options.customers(); id++) {
                if (rng.nextDouble() >= SHARE) {
                    continue;
                }
                Plan plan = pick(rng.nextDouble());
                double theta = beta(rng, plan.alpha(), plan.beta());
                LocalDate start = first.plusDays((long) (rng.nextDouble() * days));
                int renewals = 0;
                LocalDate ended = null;
                for (int k = 1; !start.plusMonths(k).isAfter(end); k++) {
                    if (rng.nextDouble() < theta) {
                        ended = start.plusMonths(k);
                        break;
                    }
                    renewals++;
                }
                m.write(id + "," + plan.name() + "," + start + "," + (ended == null ? "" : ended.toString()) + ","
                        + String.format(Locale.ROOT, "%.2f", plan.fee()) + "\n");
                t.write(id + "," + plan.name() + "," + String.format(Locale.ROOT, "%.10g", theta) + "," + renewals + ","
                        + (ended == null) + "\n");
                n++;
            }
        }
        try (BufferedWriter p = Files.newBufferedWriter(dir.resolve(PLANS), StandardCharsets.UTF_8)) {
            p.write("plan,alpha,beta,fee,share\n");
            for (Plan plan : PLAN_LIST) {
                p.write(String.format(Locale.ROOT, "%s,%s,%s,%.2f,%s%n", plan.name(), plan.alpha(), plan.beta(), plan.fee(),
                        plan.share()));
            }
        }
        return n;
    }

    private static Plan pick(double u) {
        double c = 0;
        for (Plan p : PLAN_LIST) {
            c += p.share();
            if (u < c) {
                return p;
            }
        }
        return PLAN_LIST.get(PLAN_LIST.size() - 1);
    }

    private static double beta(UniformRandomProvider rng, double a, double b) {
        double x = AhrensDieterMarsagliaTsangGammaSampler.of(rng, a, 1).sample();
        double y = AhrensDieterMarsagliaTsangGammaSampler.of(rng, b, 1).sample();
        return x / (x + y);
    }
}
