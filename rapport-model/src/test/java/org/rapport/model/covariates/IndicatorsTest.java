package org.rapport.model.covariates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.model.ModelException;

/** Categorical columns become indicators against the most frequent level; bad columns are named. */
class IndicatorsTest {
    private static final String[] IDS = {"c1", "c2", "c3", "c4", "c5"};

    @Test
    void categoricalColumnsBecomeIndicatorsAndNumbersStay() {
        Indicators ind = Indicators.of(List.of("region", "age"), Map.of(
                "region", new String[] {"north", "south", "north", "east", "north"},
                "age", new String[] {"30", "41.5", "25", "60", "33"}), IDS);
        // north is the most frequent level, so it is the baseline; east before south by name.
        assertThat(ind.names()).containsExactly("region=east", "region=south", "age");
        assertThat(ind.z()[1]).containsExactly(0, 1, 41.5);
        assertThat(ind.z()[3]).containsExactly(1, 0, 60);
        assertThat(ind.z()[0]).containsExactly(0, 0, 30);
    }

    @Test
    void badColumnsAreNamed() {
        Map<String, String[]> cols = Map.of(
                "region", new String[] {"north", "north", "north", "north", "north"},
                "channel", new String[] {null, null, null, null, null},
                "tier", new String[] {"a", "b", null, "a", "b"});
        assertThatThrownBy(() -> Indicators.of(List.of("segment"), cols, IDS)).isInstanceOf(ModelException.class)
                .hasMessageContaining("covariate column segment does not exist");
        assertThatThrownBy(() -> Indicators.of(List.of("region"), cols, IDS))
                .hasMessageContaining("covariate column region is constant");
        assertThatThrownBy(() -> Indicators.of(List.of("channel"), cols, IDS))
                .hasMessageContaining("covariate column channel has no value");
        assertThatThrownBy(() -> Indicators.of(List.of("tier"), cols, IDS))
                .hasMessageContaining("covariate column tier is missing for 1 customers (the first: customer c3)");
    }

    /** Two columns that say the same thing: the table refuses the second one's indicator by name. */
    @Test
    void collinearColumnsAreNamedByTheTable() {
        Indicators ind = Indicators.of(List.of("channel", "web"), Map.of(
                "channel", new String[] {"web", "store", "web", "store", "store"},
                "web", new String[] {"1", "0", "1", "0", "0"}), IDS);
        double[] x = {1, 2, 0, 3, 1};
        double[] tx = {1, 2, 0, 3, 1};
        double[] bigT = {4, 4, 4, 4, 4};
        assertThatThrownBy(() -> CovariateTable.of(ind.names(), x, tx, bigT, ind.z()))
                .hasMessageContaining("covariate web is collinear with the intercept and the covariates before it"
                        + " (channel=web)");
    }
}
