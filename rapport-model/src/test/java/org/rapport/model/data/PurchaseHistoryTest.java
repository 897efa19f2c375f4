package org.rapport.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PurchaseHistoryTest {
    private static final LocalDate START = LocalDate.of(1997, 1, 1);
    private static final PurchaseHistory.Window CDNOW = new PurchaseHistory.Window(
            LocalDate.of(1997, 9, 30).toEpochDay(), LocalDate.of(1998, 6, 30).toEpochDay(), 7);

    private static long day(String iso) {
        return LocalDate.parse(iso).toEpochDay();
    }

    @Test
    void followsThePapersConventions() {
        // CDNOW customer 1 of the papers' summary: first purchase 1997-01-01, T = 272/7 = 38.86 weeks.
        PurchaseHistory h = PurchaseHistory.create()
                .accept(day("1997-01-01"), 10)
                .accept(day("1997-01-01"), 5)   // same day: one purchase of 15
                .accept(day("1997-03-01"), 20)
                .accept(day("1997-08-02"), 30)
                .accept(day("1997-12-24"), 7)   // holdout
                .accept(day("1998-07-01"), 99); // after the holdout: ignored
        PurchaseHistory.Summary s = h.summarise(CDNOW);
        assertThat(s.x()).isEqualTo(2);
        assertThat(s.bigT()).isEqualTo(272 / 7.0);
        assertThat(s.tx()).isEqualTo((day("1997-08-02") - day("1997-01-01")) / 7.0);
        assertThat(s.firstAmount()).isEqualTo(15);
        assertThat(s.meanRepeatSpend()).isEqualTo(25);
        assertThat(s.calibrationSpend()).isEqualTo(65);
        assertThat(s.holdoutPurchases()).isEqualTo(1);
        assertThat(s.holdoutSpend()).isEqualTo(7);
    }

    @Test
    void customersBornAfterCalibrationHaveNoSummary() {
        assertThat(PurchaseHistory.create().accept(day("1997-10-01"), 1).summarise(CDNOW)).isNull();
        assertThat(PurchaseHistory.create().summarise(CDNOW)).isNull();
    }

    @Test
    void oneTimeBuyerHasZeroRecencyAndNoMeanSpend() {
        PurchaseHistory.Summary s = PurchaseHistory.create().accept(day("1997-09-30"), 3).summarise(CDNOW);
        assertThat(s.x()).isZero();
        assertThat(s.tx()).isZero();
        assertThat(s.bigT()).isZero();
        assertThat(s.meanRepeatSpend()).isNaN();
    }

    @Property(tries = 200)
    void combiningInAnyOrderGivesTheSameSummary(@ForAll @Size(min = 1, max = 30) java.util.List<@IntRange(min = 0, max = 540) Integer> offsets,
                                                @ForAll @IntRange(min = 0, max = 30) int split) {
        PurchaseHistory whole = PurchaseHistory.create();
        PurchaseHistory left = PurchaseHistory.create();
        PurchaseHistory right = PurchaseHistory.create();
        for (int i = 0; i < offsets.size(); i++) {
            long d = START.toEpochDay() + offsets.get(i);
            double amount = 1 + i;
            whole.accept(d, amount);
            (i < split ? left : right).accept(d, amount);
        }
        assertThat(right.combine(left).summarise(CDNOW)).isEqualTo(whole.summarise(CDNOW));
    }
}
