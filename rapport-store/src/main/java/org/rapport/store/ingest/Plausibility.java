package org.rapport.store.ingest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * What a value must be to be believed, beyond parsing (issue 15): dates and timestamps inside a window
 * (default from 1900-01-01 to tomorrow, so {@code infinity}, year 0 or 10000, BC dates and future
 * purchases are bad rows), numbers within a bound (default 1e9 in absolute value, so sums cannot
 * overflow), and ids (columns named {@code *_id}) of at most 256 characters without control characters.
 * {@code epoch}, {@code infinity} and the other special words DuckDB would read as dates are not dates.
 *
 * @param earliest the first plausible day
 * @param latest the last plausible day
 * @param maxAbs the largest plausible absolute value of a number
 */
public record Plausibility(LocalDate earliest, LocalDate latest, double maxAbs) {
    /** The longest plausible id. */
    public static final int MAX_ID_LENGTH = 256;

    /** @throws IllegalArgumentException if the window is empty or the bound not positive and finite */
    public Plausibility {
        if (earliest == null || latest == null || latest.isBefore(earliest)) {
            throw new IllegalArgumentException("the plausible dates run from " + earliest + " to " + latest
                    + ": the latest date must not be before the earliest");
        }
        if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) {
            throw new IllegalArgumentException("the largest plausible amount must be a positive number, not " + maxAbs);
        }
    }

    /** @return the defaults: 1900-01-01 to tomorrow (UTC), numbers up to 1e9 */
    public static Plausibility defaults() {
        return new Plausibility(LocalDate.of(1900, 1, 1), LocalDate.now(ZoneOffset.UTC).plusDays(1), 1e9);
    }

    /** @return the first implausible instant after the window, as a SQL literal */
    String endLiteral() {
        return "TIMESTAMP '" + latest.plusDays(1) + "'";
    }

    /** @return the window's start as a SQL literal */
    String startLiteral() {
        return "TIMESTAMP '" + earliest + "'";
    }

    /** @return the bound as a SQL literal */
    String maxLiteral() {
        return String.format(Locale.ROOT, "%.17g::DOUBLE", maxAbs);
    }

    /** @return the window for messages */
    String window() {
        return "from " + earliest + " to " + latest + " (--earliest-date, --latest-date)";
    }

    /** @return the bound for messages */
    String bound() {
        return String.format(Locale.ROOT, "%,.0f (--max-amount)", maxAbs);
    }
}
