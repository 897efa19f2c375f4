package org.rapport.analytics.subscription;

import java.time.LocalDate;

/**
 * One membership as loaded, with its renewals counted at a date.
 *
 * @param customerId the member
 * @param plan the plan (never null: {@link Subscriptions#DEFAULT_PLAN} when the file has none)
 * @param start the start date (the first payment)
 * @param end the end date (the first renewal not made), or null while it runs
 * @param fee the fee per month, or NaN when the file has none
 */
record Membership(String customerId, String plan, LocalDate start, LocalDate end, double fee) {
    /**
     * Renewals are monthly, on the start date's day of the month ({@link LocalDate#plusMonths}).
     *
     * @param asOf the end of the data
     * @return renewals made by then: the monthly dates after the start that are before the end date (a lapsed
     *     membership) or not after {@code asOf} (a running one)
     */
    int renewals(LocalDate asOf) {
        int n = 0;
        while (true) {
            LocalDate next = start.plusMonths(n + 1);
            if (lapsed(asOf) ? !next.isBefore(end) : next.isAfter(asOf)) {
                return n;
            }
            n++;
        }
    }

    /**
     * @param asOf the end of the data
     * @return whether the membership had ended by then (an end date after it is a notice not yet in force)
     */
    boolean lapsed(LocalDate asOf) {
        return end != null && !end.isAfter(asOf);
    }
}
