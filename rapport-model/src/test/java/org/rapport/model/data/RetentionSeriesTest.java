package org.rapport.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;

class RetentionSeriesTest {
    @Test
    void exposesActiveAndChurnedCounts() {
        RetentionSeries s = RetentionSeries.of(1000, 631, 468, 382);
        assertThat(s.periods()).isEqualTo(3);
        assertThat(s.cohortSize()).isEqualTo(1000);
        assertThat(s.active(2)).isEqualTo(468);
        assertThat(s.churned(1)).isEqualTo(369);
        assertThat(s.churned(3)).isEqualTo(86);
        assertThat(s.head(1).toArray()).containsExactly(1000, 631);
        // A zero count after the start is allowed: the whole cohort may have churned.
        assertThat(RetentionSeries.of(10, 0, 0).churned(1)).isEqualTo(10);
    }

    @Test
    void isImmutable() {
        double[] v = {100, 80, 70};
        RetentionSeries s = RetentionSeries.of(v);
        v[1] = 90;
        s.toArray()[2] = 0;
        assertThat(s.toArray()).containsExactly(100, 80, 70);
    }

    @Test
    void rejectsInvalidSeriesWithAClearMessage() {
        assertThatThrownBy(RetentionSeries::of).isInstanceOf(ModelException.class)
                .hasMessageContaining("needs at least one value");
        assertThatThrownBy(() -> RetentionSeries.of(0, 0)).isInstanceOf(ModelException.class)
                .hasMessageContaining("active[0] = 0.0 is not greater than 0");
        assertThatThrownBy(() -> RetentionSeries.of(100, -1)).isInstanceOf(ModelException.class)
                .hasMessageContaining("active[1] = -1.0 is negative");
        assertThatThrownBy(() -> RetentionSeries.of(100, 80, 85)).isInstanceOf(ModelException.class)
                .hasMessageContaining("active customers cannot increase: active[2] = 85 is greater than active[1] = 80");
        assertThatThrownBy(() -> RetentionSeries.of(100, Double.NaN)).isInstanceOf(ModelException.class)
                .hasMessageContaining("active[1] = NaN is not a finite number");
        assertThatThrownBy(() -> RetentionSeries.of(100, 80).churned(2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
