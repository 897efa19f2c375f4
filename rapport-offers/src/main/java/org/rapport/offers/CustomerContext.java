package org.rapport.offers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.store.RapportStore;

/**
 * What {@link OfferData} knows of each customer besides purchases: life events (customer c has events
 * {@code eventStart[c] .. eventStart[c+1]-1}), household links by member (member m has heads
 * {@code linkHead[linkStart[m] .. linkStart[m+1]-1]} with {@code linkRelation}), the segment and consent.
 */
final class CustomerContext {
    int[] eventStart;
    int[] eventType;
    int[] eventDay;
    String[] eventTypeNames;
    int[] linkStart;
    int[] linkHead;
    int[] linkRelation;
    String[] relationNames;
    int[] segment;
    String[] segmentNames;
    String segmentSource;
    boolean[] optedOut;

    private CustomerContext() {
    }

    /** Reads the context of the customers numbered in the temporary table {@code offers_cust}. */
    static CustomerContext read(RapportStore store, LocalDate asOf, int customers, OfferConfig config) {
        CustomerContext x = new CustomerContext();
        x.events(store, asOf, customers, config);
        x.links(store, customers);
        x.segments(store, customers);
        x.consent(store, customers, config);
        return x;
    }

    private void events(RapportStore store, LocalDate asOf, int nc, OfferConfig config) {
        eventStart = new int[nc + 1];
        List<String> names = new ArrayList<>();
        for (OfferConfig.LifeEventTrigger t : config.lifeEvents()) {
            names.add(t.type());
        }
        eventTypeNames = names.toArray(new String[0]);
        IntList cust = new IntList(1024);
        IntList type = new IntList(1024);
        IntList day = new IntList(1024);
        store.stream("WITH " + OfferData.CUST_CTE + " SELECT c.ci, lower(trim(e.type)), CAST(datediff('day', DATE '1970-01-01', e.date) AS INTEGER) AS d "
                + "FROM life_events e JOIN cust c USING (customer_id) WHERE e.date <= ? ORDER BY c.ci, d",
                rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getInt(3)}, r -> {
                    String t = (String) r[1];
                    for (int i = 0; i < config.lifeEvents().size(); i++) {
                        if (config.lifeEvents().get(i).matches(t)) {
                            cust.add((Integer) r[0]);
                            type.add(i);
                            day.add((Integer) r[2]);
                            return;
                        }
                    }
                }, asOf);
        fillStart(eventStart, cust.toArray(), nc);
        eventType = type.toArray();
        eventDay = day.toArray();
    }

    private void links(RapportStore store, int nc) {
        linkStart = new int[nc + 1];
        Map<String, Integer> rel = new HashMap<>();
        List<String> relNames = new ArrayList<>();
        IntList member = new IntList(1024);
        IntList head = new IntList(1024);
        IntList relation = new IntList(1024);
        store.stream("WITH " + OfferData.CUST_CTE + " SELECT m.ci, h.ci, coalesce(lower(trim(l.relation)), 'member') FROM household_links l "
                + "JOIN cust h ON h.customer_id = l.customer_id JOIN cust m ON m.customer_id = l.related_customer_id ORDER BY m.ci, h.ci",
                rs -> new Object[] {rs.getInt(1), rs.getInt(2), rs.getString(3)}, r -> {
                    member.add((Integer) r[0]);
                    head.add((Integer) r[1]);
                    relation.add(rel.computeIfAbsent((String) r[2], k -> {
                        relNames.add(k);
                        return relNames.size() - 1;
                    }));
                });
        fillStart(linkStart, member.toArray(), nc);
        linkHead = head.toArray();
        linkRelation = relation.toArray();
        relationNames = relNames.toArray(new String[0]);
    }

    /**
     * Segments: {@code customer_segment} if it has rows; else {@code customers.acquisition_channel};
     * else {@code customers.region}; else one group. Segment 0 is "all customers".
     */
    private void segments(RapportStore store, int nc) {
        segment = new int[nc];
        Map<String, Integer> idx = new HashMap<>();
        List<String> names = new ArrayList<>();
        String sql;
        if (OfferData.tableExists(store, "customer_segment") && store.queryLong("SELECT count(*) FROM customer_segment") > 0) {
            segmentSource = "customer_segment";
            sql = "SELECT c.ci, s.segment FROM customer_segment s JOIN cust c USING (customer_id)";
        } else if (store.queryLong("SELECT count(acquisition_channel) FROM customers") > 0) {
            segmentSource = "acquisition_channel";
            sql = "SELECT c.ci, k.acquisition_channel FROM customers k JOIN cust c USING (customer_id) WHERE k.acquisition_channel IS NOT NULL";
        } else if (store.queryLong("SELECT count(region) FROM customers") > 0) {
            segmentSource = "region";
            sql = "SELECT c.ci, k.region FROM customers k JOIN cust c USING (customer_id) WHERE k.region IS NOT NULL";
        } else {
            segmentSource = "global";
            sql = null;
        }
        names.add("all customers");
        idx.put("all customers", 0);
        if (sql != null) {
            store.stream("WITH " + OfferData.CUST_CTE + " " + sql, rs -> new Object[] {rs.getInt(1), rs.getString(2)},
                    r -> segment[(Integer) r[0]] = idx.computeIfAbsent((String) r[1], k -> {
                        names.add(k);
                        return names.size() - 1;
                    }));
        }
        segmentNames = names.toArray(new String[0]);
    }

    private void consent(RapportStore store, int nc, OfferConfig config) {
        optedOut = new boolean[nc];
        if (config.consentAttributes().isEmpty()) {
            return;
        }
        store.stream("WITH " + OfferData.CUST_CTE + " SELECT c.ci, lower(trim(a.name)), lower(trim(a.value)) FROM customer_attributes a JOIN cust c USING (customer_id)",
                rs -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3)}, r -> {
                    if (config.consentAttributes().contains((String) r[1]) && OfferData.NO_CONSENT.contains((String) r[2])) {
                        optedOut[(Integer) r[0]] = true;
                    }
                });
    }

    private static void fillStart(int[] start, int[] sortedOwners, int n) {
        int j = 0;
        for (int c = 0; c < n; c++) {
            start[c] = j;
            while (j < sortedOwners.length && sortedOwners[j] == c) {
                j++;
            }
        }
        start[n] = j;
    }
}
