package org.rapport.analytics.segment;

import java.util.Locale;
import org.rapport.pipeline.Progress;
import org.rapport.store.RapportStore;

/** {@link SegmentAnalysis#ruleSaved}: a saved rule takes effect at once (docs/analytics.md, "Rules take effect at once"). */
final class RuleSave {
    private RuleSave() {
    }

    static SegmentAnalysis.RuleSaved saved(RapportStore store, String name) {
        SegmentStore segments = SegmentStore.of(store);
        Segment before = segments.get(name);
        boolean converted = !before.ruleBased() && before.rule() != null;
        if (converted) {
            store.update("UPDATE segments SET kind = 'rule', profile = NULL, priority = coalesce(priority, "
                    + "(SELECT coalesce(max(priority), 0) + 1 FROM segments WHERE kind = 'rule')) WHERE name = ?", name);
        }
        SegmentAnalysis.reassign(store, Progress.NONE);
        long customers = store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = ?", name);
        long lost = converted ? store.queryLong("SELECT count(*) FROM customer_cluster c JOIN customer_segment s "
                + "USING (customer_id) WHERE c.cluster = ? AND s.segment = ?", name, Segment.UNASSIGNED) : 0;
        Segment after = segments.get(name);
        String msg = converted
                ? String.format(Locale.ROOT, "'%s' was a discovered segment (a cluster of customers with similar needs) and is "
                + "now a rule segment with priority %d: %,d customers match its rule; %,d customers of the former cluster "
                + "match no rule and are now unassigned", name, after.priority(), customers, lost)
                : String.format(Locale.ROOT, "'%s' now holds %,d customers (assigned again from the rules at once)", name, customers);
        return new SegmentAnalysis.RuleSaved(after, converted, customers, lost, msg);
    }
}
