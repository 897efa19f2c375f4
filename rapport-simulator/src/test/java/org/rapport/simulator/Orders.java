package org.rapport.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The order lines of a world grouped into orders, per customer, in purchase order. */
final class Orders {
    /** One order: its date, brand and products. */
    record Order(long id, LocalDate date, String brand, Set<String> products, double amount) {
    }

    private Orders() {
    }

    /** @param w a world @return customer id to their orders */
    static Map<Long, List<Order>> of(World w) {
        Map<String, String> brandOf = new java.util.HashMap<>();
        w.products().forEach(p -> brandOf.put(p.id(), p.brand()));
        Map<Long, List<Order>> m = new LinkedHashMap<>();
        long current = -1;
        Set<String> products = null;
        World.Transaction head = null;
        double amount = 0;
        for (World.Transaction t : w.transactions()) {
            if (t.orderId() != current) {
                if (head != null) {
                    add(m, head, brandOf, products, amount);
                }
                current = t.orderId();
                head = t;
                products = new LinkedHashSet<>();
                amount = 0;
            }
            products.add(t.productId());
            amount += t.amount();
        }
        if (head != null) {
            add(m, head, brandOf, products, amount);
        }
        return m;
    }

    private static void add(Map<Long, List<Order>> m, World.Transaction head, Map<String, String> brandOf,
                            Set<String> products, double amount) {
        m.computeIfAbsent(head.customerId(), k -> new ArrayList<>()).add(new Order(head.orderId(), head.ts(),
                brandOf.get(head.productId()), products, amount));
    }
}
