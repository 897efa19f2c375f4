package org.rapport.simulator;

import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/** A customer's service interactions and feedback items, drawn from the chunk's generator. */
final class ServiceEvents {
    private final WorldPlan plan;
    private final PlantedWorld w;
    private final WorldOptions o;
    private final UniformRandomProvider rng;
    private final ContinuousSampler exponential;
    private final ContinuousSampler gauss;

    ServiceEvents(WorldPlan plan, UniformRandomProvider rng, ContinuousSampler exponential, ContinuousSampler gauss) {
        this.plan = plan;
        this.w = plan.world;
        this.o = plan.options;
        this.rng = rng;
        this.exponential = exponential;
        this.gauss = gauss;
    }

    /**
     * Service interactions: a Poisson process between the first purchase and the dropout (or the end).
     * The rating discretises the latent satisfaction of {@link PlantedWorld.Touchpoint}, built from the
     * normal scores of the customer's dropout probability {@code p} and spend-rate quantile {@code uNu}.
     */
    void interactions(long id, double from, double to, double p, double uNu, RowSink sink, ChunkStats stats) {
        double rate = w.interactionsPerWeek();
        double t = from;
        double zDrop = Double.NaN;
        double zSpend = Double.NaN;
        while (true) {
            t += exponential.sample() / rate;
            if (!(t < to)) {
                return;
            }
            if (Double.isNaN(zDrop)) {
                // The propensities' normal scores, computed only for customers with an interaction.
                zDrop = Normal.quantile(clampUnit(o.purchaseFamily() == PurchaseFamily.PNBD
                        ? RegularizedGamma.P.value(o.a(), o.b() * p) : RegularizedBeta.value(p, o.a(), o.b())));
                zSpend = -Normal.quantile(clampUnit(uNu));
            }
            int tp = Categorical.draw(rng, plan.touchpointCum);
            PlantedWorld.Touchpoint touch = w.touchpoints().get(tp);
            double rc = touch.churnLoading();
            double rs = touch.spendLoading();
            double s = -rc * zDrop + rs * zSpend + Math.sqrt(1 - rc * rc - rs * rs) * gauss.sample();
            int rating = 1;
            while (rating <= plan.ratingCuts.length && s > plan.ratingCuts[rating - 1]) {
                rating++;
            }
            sink.interaction(id, plan.startDay + (int) (7 * t), tp, rating);
            stats.interactions++;
        }
    }

    /** Feedback items: a Poisson process like the interactions, topic by segment. */
    void feedback(long id, int seg, double from, double to, RowSink sink) {
        double rate = w.feedbackPerWeek();
        double t = from;
        while (true) {
            t += exponential.sample() / rate;
            if (!(t < to)) {
                return;
            }
            int topic = Categorical.draw(rng, plan.topicCum[seg]);
            PlantedWorld.FeedbackTopic ft = w.feedbackTopics().get(topic);
            int text = rng.nextInt(ft.texts().size());
            int rating = (int) Math.max(1, Math.min(5, Math.rint(ft.meanRating() + gauss.sample())));
            sink.feedback(id, plan.startDay + (int) (7 * t), topic, text, rating);
        }
    }

    static double clampUnit(double u) {
        return Math.max(1e-15, Math.min(1 - 1e-15, u));
    }
}
