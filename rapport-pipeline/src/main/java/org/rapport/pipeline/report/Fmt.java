package org.rapport.pipeline.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Number and date formatting for the report, the same on every machine: {@link Locale#ROOT} symbols
 * (comma between thousands, point before decimals, ASCII minus), rounding half up.
 *
 * <p>Edges, coded explicitly: NaN prints as an en dash (the value is missing, e.g. a standard error
 * where the information matrix is singular), +&infin; and -&infin; as &infin; and -&infin;, and -0 as 0.
 * A {@link DecimalFormat} is not thread-safe, so each call makes its own: the report formats a few
 * thousand numbers at most.
 */
public final class Fmt {
    /** What a missing (NaN) value prints as. */
    static final String MISSING = "\u2013";

    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Below this magnitude {@link #sig} switches to scientific notation, so 1e-9 does not print as 0.000000001. */
    private static final double SCIENTIFIC_BELOW = 1e-4;

    private Fmt() {
    }

    /** @param n a count @return it with thousands separators, e.g. {@code 23,570} */
    public static String count(long n) {
        return decimal(0).format(n);
    }

    /**
     * @param v a value
     * @param decimals digits after the point
     * @return {@code v} with thousands separators and exactly {@code decimals} decimals, e.g. {@code 1,234.50}
     */
    public static String fixed(double v, int decimals) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        return noNegativeZero(decimal(decimals).format(v));
    }

    /**
     * Formats with a number of significant digits, keeping trailing zeros so the precision shows:
     * {@code sig(4.41353, 4) = "4.414"}, {@code sig(2.5, 4) = "2.500"}, {@code sig(12345.6, 4) = "12,346"}
     * (integers are never rounded to tens), {@code sig(1.5e-7, 3) = "1.50e-7"}.
     *
     * @param v a value
     * @param digits significant digits, at least 1
     * @return the formatted value
     */
    public static String sig(double v, int digits) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (v == 0) {
            return "0";
        }
        if (Math.abs(v) < SCIENTIFIC_BELOW) {
            // 1.50e-07 -> 1.50e-7
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v).replaceFirst("e-0*(\\d)", "e-$1");
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_UP));
        int leading = rounded.precision() - rounded.scale() - 1;
        if (leading >= digits - 1) {
            return noNegativeZero(decimal(0).format(v)); // a whole number: keep every integer digit
        }
        return noNegativeZero(decimal(digits - 1 - leading).format(rounded));
    }

    /**
     * Like {@link #sig(double, int)} with four digits, without trailing zeros: for labels such as
     * histogram bin edges ({@code 0.1}, {@code 2,500}, {@code 12.5}).
     *
     * @param v a value
     * @return the formatted value
     */
    public static String compact(double v) {
        String s = sig(v, 4);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceFirst("\\.?0+$", "");
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** @param p a probability @return it with three decimals, e.g. {@code 0.727} */
    public static String probability(double p) {
        return fixed(p, 3);
    }

    /** @param v an amount of money @return it with two decimals, e.g. {@code 1,234.50} */
    public static String money(double v) {
        return fixed(v, 2);
    }

    /**
     * @param fraction a ratio, e.g. 0.0123
     * @param signed whether to print a plus sign on positive values
     * @return it as a percentage with one decimal, e.g. {@code +1.2%}
     */
    public static String percent(double fraction, boolean signed) {
        String s = fixed(fraction * 100, 1);
        if (!Double.isFinite(fraction)) {
            return s;
        }
        return (signed && fraction * 100 >= 0.05 ? "+" : "") + s + "%";
    }

    /** @param d a date or null @return ISO-8601, e.g. {@code 1997-09-30}, or the missing mark */
    public static String date(LocalDate d) {
        return d == null ? MISSING : d.toString();
    }

    /** @param t an instant or null @return it in UTC to the minute, e.g. {@code 2024-05-01 14:03 UTC} */
    public static String instant(Instant t) {
        return t == null ? MISSING : INSTANT.format(t);
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return MISSING;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221e" : "-\u221e";
        }
        return null;
    }

    /** -0.001 rounded to two decimals is "-0.00": print it as "0.00". */
    private static String noNegativeZero(String s) {
        return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
    }

    private static DecimalFormat decimal(int decimals) {
        DecimalFormat f = new DecimalFormat("#,##0", SYMBOLS);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f;
    }
}
