package org.rapport.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;

class SpendTableTest {
    @Test
    void compressesDistinctRowsSortedByXThenSpend() {
        SpendTable t = SpendTable.of(new double[] {2, 1, 2, 1, 3, 2}, new double[] {10, 7, 10, 5, 1, 4});
        assertThat(t.size()).isEqualTo(5);
        assertThat(t.customers()).isEqualTo(6);
        double[][] rows = IntStream.range(0, t.size()).mapToObj(i -> new double[] {t.x(i), t.mbar(i), t.count(i)})
                .toArray(double[][]::new);
        assertThat(rows).isEqualTo(new double[][] {{1, 5, 1}, {1, 7, 1}, {2, 4, 1}, {2, 10, 2}, {3, 1, 1}});
        assertThat(t.meanSpend()).isEqualTo((10 + 7 + 10 + 5 + 1 + 4) / 6.0);
    }

    @Test
    void skipsOneTimeBuyersAndCountsThem() {
        SpendTable t = SpendTable.builder().accept(0, 0).accept(0, Double.NaN, 4).accept(1, 12.5).build();
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.customers()).isEqualTo(1);
        assertThat(t.oneTimeBuyers()).isEqualTo(5);
    }

    @Test
    void combiningBuildersEqualsAcceptingEverythingInOne() {
        SpendTable.Builder left = SpendTable.builder().accept(1, 3).accept(2, 8, 2).accept(0, 0);
        SpendTable.Builder right = SpendTable.builder().accept(1, 3).accept(5, 9).accept(0, 0, 3);
        SpendTable merged = left.combine(right).build();
        SpendTable one = SpendTable.builder().accept(1, 3).accept(2, 8, 2).accept(0, 0).accept(1, 3).accept(5, 9)
                .accept(0, 0, 3).build();
        assertThat(merged.size()).isEqualTo(one.size()).isEqualTo(3);
        for (int i = 0; i < one.size(); i++) {
            assertThat(new double[] {merged.x(i), merged.mbar(i), merged.count(i)})
                    .isEqualTo(new double[] {one.x(i), one.mbar(i), one.count(i)});
        }
        assertThat(merged.oneTimeBuyers()).isEqualTo(4);
        assertThat(merged.customers()).isEqualTo(5);
    }

    @Test
    void rejectsInvalidRowsNamingTheField() {
        SpendTable.Builder b = SpendTable.builder();
        assertThatThrownBy(() -> b.accept(2, 0)).isInstanceOf(ModelException.class)
                .hasMessage("mbar = 0.0 is not greater than 0");
        assertThatThrownBy(() -> b.accept(2, Double.POSITIVE_INFINITY)).isInstanceOf(ModelException.class)
                .hasMessage("mbar = Infinity is not a finite number");
        assertThatThrownBy(() -> b.accept(1.5, 3)).isInstanceOf(ModelException.class)
                .hasMessage("x = 1.5 is not a whole number");
        assertThatThrownBy(() -> b.accept(-1, 3)).isInstanceOf(ModelException.class)
                .hasMessage("x = -1.0 is negative");
        assertThatThrownBy(() -> b.accept(1, 3, -2)).isInstanceOf(ModelException.class)
                .hasMessage("count = -2.0 is negative");
        assertThat(b.size()).isZero();
        assertThatThrownBy(() -> SpendTable.of(new double[2], new double[3]))
                .hasMessageContaining("same length");
    }
}
