package org.rapport.offers;

import java.time.LocalDate;

/**
 * Life events t → B still in their window: confidence × the share of the window left. Mined as events
 * after which the customer first bought B within the window, over events followed by an order within
 * the window when B was not owned yet.
 */
final class LifeEventSource implements CandidateSource {
    private final OfferData d;
    private final Rules rules;
    private final RuleTable t;

    LifeEventSource(OfferData d, Rules rules) {
        this.d = d;
        this.rules = rules;
        this.t = rules.life;
    }

    @Override
    public void propose(int c, Candidates s, boolean[] excluded) {
        for (int e = d.eventStart[c]; e < d.eventStart[c + 1]; e++) {
            int type = d.eventType[e];
            int w = rules.lifeWindow[type];
            int left = d.eventDay[e] + w - d.asOfDay;
            if (left <= 0 || d.eventDay[e] > d.asOfDay) {
                continue;
            }
            double recency = (double) left / w;
            for (int r = t.start[type]; r < t.start[type + 1]; r++) {
                s.offer(t.cons[r], t.conf[r] * recency, t.conf[r], LIFE_EVENT, e, excluded);
            }
        }
    }

    @Override
    public void reason(int c, int p, Candidates s, StringBuilder r) {
        int e = s.arg[p];
        String type = d.eventTypeNames[d.eventType[e]];
        r.append(type).append(" on ").append(LocalDate.ofEpochDay(d.eventDay[e])).append(" (").append(d.asOfDay - d.eventDay[e])
                .append(" days ago); ").append(Rules.pct(s.conf[p])).append(" of customers take ").append(d.productIds[p]).append(" within ")
                .append(rules.lifeWindow[d.eventType[e]]).append(" days of a ").append(type).append(" event");
    }

    /**
     * Mines the life-event rules towards the targets of the life-event table.
     *
     * @param d the data
     * @param cfg thresholds
     * @param rules the other rules (windows, targets, minimum count, base rates)
     * @return the rules by event type
     */
    static RuleTable mine(OfferData d, OfferConfig cfg, Rules rules) {
        int np = d.products();
        int nt = rules.lifeWindow.length;
        int[] eligible = new int[nt];
        int[][] hit = new int[nt][np];
        int[][] blocked = new int[nt][np];
        for (int c = 0; c < d.customers(); c++) {
            for (int e = d.eventStart[c]; e < d.eventStart[c + 1]; e++) {
                int type = d.eventType[e];
                int day = d.eventDay[e];
                int end = Math.min(day + rules.lifeWindow[type], d.asOfDay);
                if (!orderWithin(d, c, day, end)) {
                    continue;
                }
                eligible[type]++;
                for (int i = d.ownedStart[c]; i < d.ownedStart[c + 1]; i++) {
                    int b = d.ownedProduct[i];
                    if (!rules.lifeTargets[type][b]) {
                        continue;
                    }
                    if (d.ownedDay[i] <= day) {
                        blocked[type][b]++;
                    } else if (d.ownedDay[i] <= end) {
                        hit[type][b]++;
                    }
                }
            }
        }
        RuleTable.Builder lb = new RuleTable.Builder(nt);
        for (int type = 0; type < nt; type++) {
            for (int b = 0; b < np; b++) {
                int denom = eligible[type] - blocked[type][b];
                if (hit[type][b] >= rules.minCount && denom > 0) {
                    double conf = (double) hit[type][b] / denom;
                    if (conf >= cfg.minConfidence()) {
                        lb.add(type, b, hit[type][b], conf, (double) hit[type][b] / d.customers(), rules.lift(conf, b));
                    }
                }
            }
        }
        return lb.build(cfg.maxRulesPerAntecedent());
    }

    private static boolean orderWithin(OfferData d, int c, int after, int end) {
        for (int o = d.orderStart[c]; o < d.orderStart[c + 1]; o++) {
            if (d.orderDay[o] > after && d.orderDay[o] <= end) {
                return true;
            }
        }
        return false;
    }
}
