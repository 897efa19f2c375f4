package org.rapport.offers;

import java.time.LocalDate;
import org.rapport.store.RapportStore;

/**
 * A hand-made store small enough to count every rule by hand (the counts are worked out in
 * {@link RuleMiningTest}). Products: A (classic card), G (gold card, the upgrade of A), P (grocery),
 * F (phone), C (phone case), H (home decor), S (supplementary card). Orders, one line per product:
 *
 * <pre>
 * c1:  01-01 {A}     02-01 {G}
 * c2:  01-01 {A}     02-01 {P}     03-01 {S}      event 'move' 01-15; partner of c1
 * c3:  01-01 {A, G}  02-01 {P}
 * c4:  01-01 {A}
 * c5:  01-01 {A}     02-01 {P}     03-01 {G}
 * c6:  01-01 {P}     02-01 {A}     03-01 {G}
 * c7:  01-01 {P}     02-01 {P}                    partner of c5
 * c8:  01-01 {G}     02-01 {A}     03-01 {P}
 * c9:  01-05 {F, C}
 * c10: 01-05 {F}     02-05 {F, H}                 event 'moved' 01-10
 * </pre>
 * All in 2023; every customer was acquired through channel "web".
 */
final class OfferFixture {
    static final LocalDate AS_OF = LocalDate.of(2023, 3, 31);

    private OfferFixture() {
    }

    static RapportStore store() {
        RapportStore s = RapportStore.inMemory();
        product(s, "A", "cards", 30, 0.9, null);
        product(s, "G", "cards", 150, 0.85, "A");
        product(s, "P", "grocery", 45, 0.2, null);
        product(s, "F", "electronics", 200, 0.18, null);
        product(s, "C", "electronics", 25, 0.6, null);
        product(s, "H", "home", 40, 0.5, null);
        product(s, "S", "cards", 50, 0.9, null);
        order(s, "c1", "01-01", "A");
        order(s, "c1", "02-01", "G");
        order(s, "c2", "01-01", "A");
        order(s, "c2", "02-01", "P");
        order(s, "c2", "03-01", "S");
        order(s, "c3", "01-01", "A", "G");
        order(s, "c3", "02-01", "P");
        order(s, "c4", "01-01", "A");
        order(s, "c5", "01-01", "A");
        order(s, "c5", "02-01", "P");
        order(s, "c5", "03-01", "G");
        order(s, "c6", "01-01", "P");
        order(s, "c6", "02-01", "A");
        order(s, "c6", "03-01", "G");
        order(s, "c7", "01-01", "P");
        order(s, "c7", "02-01", "P");
        order(s, "c8", "01-01", "G");
        order(s, "c8", "02-01", "A");
        order(s, "c8", "03-01", "P");
        order(s, "c9", "01-05", "F", "C");
        order(s, "c10", "01-05", "F");
        order(s, "c10", "02-05", "F", "H");
        for (int i = 1; i <= 10; i++) {
            s.update("INSERT INTO customers (customer_id, email, region, acquisition_channel, load_id) VALUES (?, ?, 'north', 'web', 1)",
                    "c" + i, "c" + i + "@example.com");
        }
        s.update("INSERT INTO life_events VALUES ('c2', DATE '2023-01-15', 'move', 1)");
        s.update("INSERT INTO life_events VALUES ('c10', DATE '2023-01-10', 'moved', 1)");
        s.update("INSERT INTO household_links VALUES ('c1', 'c2', 'partner', 1)");
        s.update("INSERT INTO household_links VALUES ('c5', 'c7', 'partner', 1)");
        return s;
    }

    /** Every threshold off, so each rule of the fixture is kept (min-lift stays at 1.5). */
    static OfferConfig config() {
        return OfferConfig.of(java.util.Map.of("min-count", "1", "min-support", "0"));
    }

    private static int row;

    private static void product(RapportStore s, String id, String category, double price, double margin, String upgradeOf) {
        s.update("INSERT INTO products VALUES (?, ?, NULL, ?, ?, ?, ?, 1)", id, id, category, price, margin, upgradeOf);
    }

    private static void order(RapportStore s, String customer, String day, String... products) {
        String orderId = customer + "-" + day;
        for (String p : products) {
            s.update("INSERT INTO transactions VALUES (?, ?, 10.0, ?, ?, 1, 'web', 1, ?)", customer,
                    LocalDate.parse("2023-" + day).atStartOfDay(), orderId, p, ++row);
        }
    }
}
