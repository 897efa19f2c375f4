package org.rapport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The allocation-free formatting agrees with the JDK's. */
class ByteBufTest {
    @Test
    void datesAgreeWithLocalDate() {
        for (long d = LocalDate.of(1900, 1, 1).toEpochDay(); d <= LocalDate.of(2100, 12, 31).toEpochDay(); d++) {
            assertThat(new ByteBuf(10).putDate(d).toString()).isEqualTo(LocalDate.ofEpochDay(d).toString());
        }
    }

    @Test
    void wholeNumbersAndFixedPointDecimals() {
        for (long v : new long[] {0, 7, 10, 99, 100, 123456789, Long.MAX_VALUE, -1, -4200, Long.MIN_VALUE}) {
            assertThat(new ByteBuf(4).putLong(v).toString()).isEqualTo(Long.toString(v));
        }
        assertThat(new ByteBuf(4).putFixed(1234, 2).toString()).isEqualTo("12.34");
        assertThat(new ByteBuf(4).putFixed(5, 2).toString()).isEqualTo("0.05");
        assertThat(new ByteBuf(4).putFixed(0, 2).toString()).isEqualTo("0.00");
        assertThat(new ByteBuf(4).putFixed(1296, 4).toString()).isEqualTo("0.1296");
    }

    @Test
    void significantDigitsRoundToTenAndReadBack() {
        assertThat(new ByteBuf(4).putSignificant(0.11356929971224115).toString()).isEqualTo("0.1135692997");
        assertThat(new ByteBuf(4).putSignificant(850.4811572944186).toString()).isEqualTo("850.4811573");
        assertThat(new ByteBuf(4).putSignificant(7.885454924919832E-9).toString()).isEqualTo("7.885454925E-9");
        assertThat(new ByteBuf(4).putSignificant(2.0).toString()).isEqualTo("2");
        assertThat(new ByteBuf(4).putSignificant(1500).toString()).isEqualTo("1500");
        assertThat(new ByteBuf(4).putSignificant(0.0001).toString()).isEqualTo("0.0001");
        assertThat(new ByteBuf(4).putSignificant(1e12).toString()).isEqualTo("1E12");
        assertThat(new ByteBuf(4).putSignificant(9.99999999999).toString()).isEqualTo("10");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double v = Math.exp(r.nextDouble(-60, 30));
            double back = Double.parseDouble(new ByteBuf(4).putSignificant(v).toString());
            // Rounding to 10 significant digits: relative error at most half a unit in the 10th digit.
            assertThat(Math.abs(back - v) / v).isLessThanOrEqualTo(5.000001e-10);
            assertThat(ByteBuf.significant(v)).isEqualTo(back);
        }
    }

    @Test
    void csvQuotesOnlyWhenNeeded() {
        assertThat(new String(ByteBuf.csv("plain"))).isEqualTo("plain");
        assertThat(new String(ByteBuf.csv("a, b"))).isEqualTo("\"a, b\"");
        assertThat(new String(ByteBuf.csv("say \"hi\""))).isEqualTo("\"say \"\"hi\"\"\"");
    }
}
