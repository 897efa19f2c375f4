package org.rapport.simulator;

import java.util.Arrays;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * One customer's life events over the simulated period (days from the start and types, sorted by day),
 * reused for every customer of a chunk.
 */
final class LifeEventDraws {
    private final PlantedWorld w;
    private final WorldPlan plan;
    private final ContinuousSampler exponential;
    private int[] day = new int[8];
    private int[] type = new int[8];
    private int count;

    LifeEventDraws(WorldPlan plan, ContinuousSampler exponential) {
        this.plan = plan;
        this.w = plan.world;
        this.exponential = exponential;
    }

    /** @return the number of events of the customer drawn last */
    int count() {
        return count;
    }

    /** @return the day (from the start) of event {@code e} */
    int day(int e) {
        return day[e];
    }

    /** @return the type (index into the planted life events) of event {@code e} */
    int type(int e) {
        return type[e];
    }

    /**
     * Draws the events of a customer of the given age: a Poisson process per event type (once-only
     * types stop at their first event), then sorted by day and type.
     *
     * @return the number of events
     */
    int draw(double age) {
        int n = 0;
        for (int e = 0; e < w.lifeEvents().size(); e++) {
            PlantedWorld.LifeEvent le = w.lifeEvents().get(e);
            double rate = (age >= le.ageFrom() && age < le.ageTo() + 1 ? le.ratePerYear() : le.rateOutsideAges())
                    / WorldPlan.WEEKS_PER_YEAR;
            double t = 0;
            while (true) {
                t += exponential.sample() / rate;
                if (!(t < plan.tEnd)) {
                    break;
                }
                if (n == day.length) {
                    day = Arrays.copyOf(day, 2 * n);
                    type = Arrays.copyOf(type, 2 * n);
                }
                day[n] = (int) (7 * t);
                type[n] = e;
                n++;
                if (le.once()) {
                    break;
                }
            }
        }
        sort(n);
        count = n;
        return n;
    }

    /** Insertion sort by day, then type. */
    private void sort(int n) {
        for (int i = 1; i < n; i++) {
            int d = day[i];
            int ty = type[i];
            int j = i - 1;
            while (j >= 0 && (day[j] > d || day[j] == d && type[j] > ty)) {
                day[j + 1] = day[j];
                type[j + 1] = type[j];
                j--;
            }
            day[j + 1] = d;
            type[j + 1] = ty;
        }
    }
}
