package org.rapport.analytics.groups;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rapport.analytics.AnalyticsOptions;
import org.rapport.analytics.RunContext;
import org.rapport.analytics.truth.Agreement;
import org.rapport.analytics.truth.SmallWorld;

/**
 * The groups against the planted truth: on three worlds (seeds 1, 2, 3; 5,000 customers each), Cohen's
 * κ between the estimated groups (defaults: CLV above the mean, projected relationship above a third of
 * the horizon) and the groups of the true CLV and true relationship length ({@link SmallWorld}, table
 * {@code truth_value}) cut by the same rule applied to the truth: the truth's own mean CLV, 12 months.
 */
class RelationshipGroupsTruthTest {
    static final String TRUE_GROUPS = """
            SELECT g.relationship_group AS a,
                   CASE WHEN t.clv > (SELECT avg(clv) FROM truth_value) THEN
                            CASE WHEN t.months > ? THEN 'true_friend' ELSE 'butterfly' END
                        ELSE CASE WHEN t.months > ? THEN 'barnacle' ELSE 'stranger' END END AS b
            FROM customer_groups g JOIN truth_value t USING (customer_id)""";

    @Test
    void groupsAgreeWithTheTruthGroups() {
        double sum = 0;
        for (long seed : new long[] {1, 2, 3}) {
            try (SmallWorld w = SmallWorld.of(5_000, seed)) {
                RunContext run = RunContext.require(w.store);
                RelationshipGroups.Result r = RelationshipGroups.compute(w.store, run, AnalyticsOptions.defaults());
                double t = r.loyaltyThreshold();
                double kappa = Agreement.kappa(w.store, TRUE_GROUPS.replace("?", Double.toString(t)));
                double medians = medianKappa(w);
                double corr = w.store.queryFirst("SELECT corr(g.loyalty, t.months) FROM customer_groups g JOIN truth_value t"
                        + " USING (customer_id)", rs -> rs.getDouble(1)).orElseThrow();
                System.out.printf("groups seed %d: kappa %.3f (median split %.3f), corr(loyalty, true months) %.3f,"
                        + " groups %s%n", seed, kappa, medians, corr, r.groups().stream().map(g -> g.group() + "="
                        + g.customers()).toList());
                // κ's sampling sd at 5,000 customers is about 0.01 (sqrt(p_o(1 − p_o)/n)/(1 − p_e) with
                // p_o ≈ 0.8, p_e ≈ 0.45); each world must clear 0.57 (3 sd under the goal), their mean the goal
                assertThat(kappa).isGreaterThan(0.57);
                assertThat(kappa).isGreaterThan(medians + 0.2);
                sum += kappa;
            }
        }
        assertThat(sum / 3).isGreaterThanOrEqualTo(0.60);
    }

    /** The former default: medians of CLV and expected purchases, against the truth's own medians. */
    private static double medianKappa(SmallWorld w) {
        return Agreement.kappa(w.store, """
                WITH m AS (SELECT median(coalesce(clv, 0)) AS c, median(expected_purchases) AS l FROM customer_scores),
                     tm AS (SELECT median(clv) AS c, median(purchases) AS l FROM truth_value)
                SELECT CASE WHEN coalesce(s.clv, 0) > m.c THEN CASE WHEN s.expected_purchases > m.l THEN 3 ELSE 2 END
                            ELSE CASE WHEN s.expected_purchases > m.l THEN 1 ELSE 0 END END AS a,
                       CASE WHEN t.clv > tm.c THEN CASE WHEN t.purchases > tm.l THEN 3 ELSE 2 END
                            ELSE CASE WHEN t.purchases > tm.l THEN 1 ELSE 0 END END AS b
                FROM customer_scores s JOIN truth_value t USING (customer_id), m, tm""");
    }
}
