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
    void countingOrdersKeepsSameDayOrdersApart() {
        PurchaseHistory h = PurchaseHistory.create(PurchaseHistory.Counting.ORDERS)
                .accept(day("1997-01-01"), 10)
                .accept(day("1997-01-01"), 5)   // a second order on the first day: a repeat purchase at t = 0
                .accept(day("1997-03-01"), 20)
                .accept(day("1997-03-01"), 30)
                .accept(day("1997-12-24"), 7)
                .accept(day("1997-12-24"), 8);
        PurchaseHistory.Summary s = h.summarise(CDNOW);
        assertThat(s.x()).isEqualTo(3);
        assertThat(s.tx()).isEqualTo((day("1997-03-01") - day("1997-01-01")) / 7.0);
        assertThat(s.bigT()).isEqualTo(272 / 7.0);
        assertThat(s.firstAmount()).isEqualTo(10);
        assertThat(s.meanRepeatSpend()).isEqualTo(55 / 3.0);
        assertThat(s.holdoutPurchases()).isEqualTo(2);
        assertThat(h.repeatDays(CDNOW)).containsExactly(day("1997-01-01"), day("1997-03-01"), day("1997-03-01"),
                day("1997-12-24"), day("1997-12-24"));
        assertThat(PurchaseHistory.create().accept(day("1997-01-01"), 10).accept(day("1997-01-01"), 5)
                .summarise(CDNOW).x()).isZero();
    }

    @Test
    void timesOfDayKeepTheirResolutionAndTRunsToTheEndOfTheLastDay() {
        PurchaseHistory.Window subDay = new PurchaseHistory.Window(CDNOW.calibrationEnd(), CDNOW.holdoutEnd(), 7, true);
        PurchaseHistory h = PurchaseHistory.create(PurchaseHistory.Counting.ORDERS)
                .acceptAt(day("1997-01-01") + 0.75, 10)     // 18:00
                .acceptAt(day("1997-01-02") + 0.25, 5)      // 06:00 the next morning
                .acceptAt(day("1997-09-30") + 0.5, 1);      // noon on the last calibration day
        PurchaseHistory.Summary s = h.summarise(subDay);
        assertThat(s.x()).isEqualTo(2);
        assertThat(s.tx()).isCloseTo((272 - 0.25) / 7.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.bigT()).isCloseTo((273 - 0.75) / 7.0, org.assertj.core.data.Offset.offset(1e-12));
        // Counting days, the times fall to their days and both mornings' orders are separate days.
        PurchaseHistory.Summary days = PurchaseHistory.create().acceptAt(day("1997-01-01") + 0.75, 10)
                .acceptAt(day("1997-01-01") + 0.9, 5).summarise(CDNOW);
        assertThat(days.x()).isZero();
        assertThat(days.firstAmount()).isEqualTo(15);
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
        PurchaseHistory wholeOrders = PurchaseHistory.create(PurchaseHistory.Counting.ORDERS);
        PurchaseHistory leftOrders = PurchaseHistory.create(PurchaseHistory.Counting.ORDERS);
        PurchaseHistory rightOrders = PurchaseHistory.create(PurchaseHistory.Counting.ORDERS);
        for (int i = 0; i < offsets.size(); i++) {
            long d = START.toEpochDay() + offsets.get(i);
            wholeOrders.accept(d, 1);
            (i < split ? leftOrders : rightOrders).accept(d, 1);
        }
        PurchaseHistory.Summary s = rightOrders.combine(leftOrders).summarise(CDNOW);
        assertThat(s).isEqualTo(wholeOrders.summarise(CDNOW));
        if (s != null) {
            assertThat(s.x() + s.holdoutPurchases()).isLessThanOrEqualTo(offsets.size() - 1);
        }
    }
}
