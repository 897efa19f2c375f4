package org.rapport.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The expected strings follow from the formatting rules in {@link Fmt}'s Javadoc. */
class FmtTest {
    @Test
    void thousandsSeparatorsAndFixedDecimals() {
        assertThat(Fmt.count(23570)).isEqualTo("23,570");
        assertThat(Fmt.count(-1234567)).isEqualTo("-1,234,567");
        assertThat(Fmt.money(1234567.891)).isEqualTo("1,234,567.89");
        assertThat(Fmt.money(0.125)).isEqualTo("0.13"); // half up (0.125 is exact in binary)
        assertThat(Fmt.fixed(-9582.426, 2)).isEqualTo("-9,582.43");
        assertThat(Fmt.fixed(-0.001, 2)).isEqualTo("0.00"); // no negative zero
        assertThat(Fmt.probability(0.72661)).isEqualTo("0.727");
    }

    @Test
    void significantDigitsKeepTheirTrailingZeros() {
        assertThat(Fmt.sig(4.41353, 4)).isEqualTo("4.414");
        assertThat(Fmt.sig(0.242594, 4)).isEqualTo("0.2426");
        assertThat(Fmt.sig(2.5, 4)).isEqualTo("2.500");
        assertThat(Fmt.sig(9.99951, 4)).isEqualTo("10.00"); // rounding carries into a new digit
        assertThat(Fmt.sig(12345.6, 4)).isEqualTo("12,346");
        assertThat(Fmt.sig(-0.0123456, 3)).isEqualTo("-0.0123");
        assertThat(Fmt.sig(1.5e-7, 3)).isEqualTo("1.50e-7");
        assertThat(Fmt.sig(0, 4)).isEqualTo("0");
        assertThat(Fmt.compact(0.1)).isEqualTo("0.1");
        assertThat(Fmt.compact(2500)).isEqualTo("2,500");
        assertThat(Fmt.compact(12.5)).isEqualTo("12.5");
        assertThat(Fmt.compact(1.5e-7)).isEqualTo("1.5e-7");
    }

    @Test
    void missingAndInfiniteValuesAreMarkedNotPrintedAsNaN() {
        assertThat(Fmt.fixed(Double.NaN, 2)).isEqualTo(Fmt.MISSING);
        assertThat(Fmt.sig(Double.NaN, 4)).isEqualTo(Fmt.MISSING);
        assertThat(Fmt.money(Double.POSITIVE_INFINITY)).isEqualTo("\u221e");
        assertThat(Fmt.sig(Double.NEGATIVE_INFINITY, 3)).isEqualTo("-\u221e");
        assertThat(Fmt.percent(Double.NaN, true)).isEqualTo(Fmt.MISSING);
        assertThat(Fmt.date(null)).isEqualTo(Fmt.MISSING);
    }

    @Test
    void percentagesAndDates() {
        assertThat(Fmt.percent(-0.0186, true)).isEqualTo("-1.9%");
        assertThat(Fmt.percent(0.0123, true)).isEqualTo("+1.2%");
        assertThat(Fmt.percent(0.0001, true)).isEqualTo("0.0%");
        assertThat(Fmt.percent(0.95, false)).isEqualTo("95.0%");
        assertThat(Fmt.date(LocalDate.of(1997, 9, 30))).isEqualTo("1997-09-30");
        assertThat(Fmt.instant(Instant.parse("2024-05-01T14:03:59Z"))).isEqualTo("2024-05-01 14:03 UTC");
    }

    @Test
    void theDefaultLocaleDoesNotMatter() {
        Locale saved = Locale.getDefault();
        try {
            for (Locale l : new Locale[] {Locale.GERMANY, Locale.FRANCE, new Locale("ar", "EG"), new Locale("hi", "IN")}) {
                Locale.setDefault(l);
                assertThat(Fmt.money(1234567.891)).as(l.toString()).isEqualTo("1,234,567.89");
                assertThat(Fmt.sig(4.41353, 4)).as(l.toString()).isEqualTo("4.414");
                assertThat(Fmt.sig(1.5e-7, 3)).as(l.toString()).isEqualTo("1.50e-7");
                assertThat(Fmt.count(23570)).as(l.toString()).isEqualTo("23,570");
            }
        } finally {
            Locale.setDefault(saved);
        }
    }
}
