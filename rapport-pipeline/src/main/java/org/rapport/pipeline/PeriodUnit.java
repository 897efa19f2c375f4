package org.rapport.pipeline;

/** The time unit the models count in. Week is the papers' unit and the default. */
public enum PeriodUnit {
    /** One day. */
    DAY(1),
    /** Seven days. */
    WEEK(7),
    /** An average calendar month, 365.25 / 12 days. */
    MONTH(365.25 / 12);

    private final double days;

    PeriodUnit(double days) {
        this.days = days;
    }

    /** @return the unit's length in days */
    public double days() {
        return days;
    }
}
