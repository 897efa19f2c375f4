package org.rapport.server.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures as people read them: thousands separators, a fixed number of decimals per kind of figure
 * (so a column never mixes decimals), money with the configured currency, shares as percentages,
 * dates without raw timestamps.
 *
 * @param currency a symbol ({@code €}, {@code $}) written before amounts, a code ({@code EUR}) written
 *     after them, or empty for none
 */
public record Format(String currency) {
    /** The system property that sets the dashboard's currency when the server's options do not. */
    public static final String CURRENCY_PROPERTY = "rapport.currency";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final Pattern LONG_DECIMAL = Pattern.compile("(?<![\\w.])(-?\\d+)\\.(\\d{5,})(?![\\d.])");
    private static final Pattern LONG_INTEGER = Pattern.compile("(?<![\\w.,/])(\\d{5,})(\\.\\d{1,4})?(?![\\w.,])");

    /** @param currency see the record */
    public Format {
        currency = currency == null ? "" : currency.strip();
    }

    /**
     * @return the format of {@code -Drapport.currency=...} or the environment's {@code RAPPORT_CURRENCY}, else none
     */
    public static Format fromEnvironment() {
        String c = System.getProperty(CURRENCY_PROPERTY);
        if (c == null) {
            c = System.getenv("RAPPORT_CURRENCY");
        }
        return new Format(c);
    }

    /**
     * @param kind the kind of figure
     * @param v a value (number, text, date), or null
     * @return it as text, empty for null
     */
    public String value(Kind kind, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (!(v instanceof Number n)) {
            String s = v.toString();
            return kind == Kind.DATE ? date(s) : kind == Kind.ID ? s : text(s);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "n/a";
        }
        return switch (kind) {
            case ID -> n instanceof Double || n instanceof Float ? String.format(Locale.ROOT, "%.0f", d) : String.valueOf(n.longValue());
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(d));
            case MONEY -> money(d, 2);
            case MONEY0 -> money(d, 0);
            case SHARE -> String.format(Locale.ROOT, "%,.1f%%", d * 100);
            case PROBABILITY -> String.format(Locale.ROOT, "%.3f", d);
            case PARAMETER -> String.format(Locale.ROOT, "%,.4f", d);
            case DECIMAL, TEXT, DATE -> n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal
                    ? String.format(Locale.ROOT, "%,.2f", d) : String.format(Locale.ROOT, "%,d", n.longValue());
        };
    }

    /**
     * @param d an amount
     * @param decimals decimals
     * @return the amount with the currency
     */
    public String money(double d, int decimals) {
        String num = String.format(Locale.ROOT, "%,." + decimals + "f", Math.abs(d));
        String sign = d < 0 && Math.abs(d) >= Math.pow(10, -decimals) / 2 ? "−" : "";
        if (currency.isEmpty()) {
            return sign + num;
        }
        return currency.length() <= 2 ? sign + currency + num : sign + num + " " + currency;
    }

    /**
     * @param s a date or timestamp as the store writes it ({@code 2024-06-21}, {@code 2024-06-21 00:00:00},
     *     {@code 2026-12-07T21:42:08.472})
     * @return {@code 21 Jun 2024}, with the time to the minute when it is not midnight; other text as it is
     */
    public static String date(String s) {
        String t = s.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).format(DAY);
            }
            if (t.length() >= 16 && (t.charAt(10) == ' ' || t.charAt(10) == 'T')) {
                LocalDateTime dt = LocalDateTime.parse(t.substring(0, 10) + "T" + t.substring(11, Math.min(t.length(), 19)));
                return dt.toLocalTime().toSecondOfDay() == 0 ? dt.format(DAY) : dt.format(MINUTE);
            }
        } catch (DateTimeParseException e) {
            return t;
        }
        return t;
    }

    /**
     * Free text from an analysis (a note, a reason): numbers in it with more than 4 decimals are rounded,
     * long whole numbers get thousands separators.
     *
     * @param s the text
     * @return it for people
     */
    public static String text(String s) {
        Matcher m = LONG_DECIMAL.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            double d = Double.parseDouble(m.group(1) + "." + m.group(2));
            m.appendReplacement(b, Matcher.quoteReplacement(String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%,.1f" : "%,.3f", d)));
        }
        m.appendTail(b);
        Matcher i = LONG_INTEGER.matcher(b.toString());
        StringBuilder c = new StringBuilder();
        while (i.find()) {
            i.appendReplacement(c, Matcher.quoteReplacement(String.format(Locale.ROOT, "%,d", Long.parseLong(i.group(1)))
                    + (i.group(2) == null ? "" : i.group(2))));
        }
        i.appendTail(c);
        return c.toString();
    }

    /** The kind of a figure: how many decimals, which unit. */
    public enum Kind {
        /** Text as it is (free text gets its long numbers formatted). */
        TEXT,
        /** An identifier: never formatted as a number. */
        ID,
        /** A date or timestamp. */
        DATE,
        /** A whole number with thousands separators. */
        COUNT,
        /** Money with cents. */
        MONEY,
        /** A large amount of money, whole units. */
        MONEY0,
        /** A share, as a percentage with one decimal. */
        SHARE,
        /** A probability, three decimals. */
        PROBABILITY,
        /** A model parameter, four decimals. */
        PARAMETER,
        /** Any other number: two decimals. */
        DECIMAL;

        /** @return whether its cells are right-aligned figures */
        public boolean numeric() {
            return this != TEXT && this != ID && this != DATE;
        }
    }
}
