package org.rapport.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fixtures.Fixtures;
import org.rapport.model.interval.Estimate;
import org.rapport.pipeline.report.ReportData.ModelSummary;
import org.rapport.pipeline.report.ReportData.Parameter;

class ModelSummaryTest {
    private static final FitResult<BgNbd> FIT = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, Fixtures.cdnow());

    @Test
    void carriesTheFitUnchanged() {
        ModelSummary s = ModelSummary.of(FIT, 0.9);
        assertThat(s.model()).isEqualTo("bgnbd");
        assertThat(s.level()).isEqualTo(0.9);
        assertThat(s.customers()).isEqualTo(2357); // CDNOW sample size
        assertThat(s.logLikelihood()).isEqualTo(FIT.logLikelihood());
        assertThat(s.aic()).isEqualTo(FIT.aic());
        assertThat(s.bic()).isEqualTo(FIT.bic());
        assertThat(s.converged()).isEqualTo(FIT.converged());
        assertThat(s.parameters()).extracting(Parameter::name).containsExactly("r", "alpha", "a", "b");
        for (Parameter p : s.parameters()) {
            Estimate e = FIT.interval(p.name(), 0.9);
            assertThat(p.value()).isEqualTo(FIT.parameter(p.name()));
            assertThat(p.stdError()).isEqualTo(FIT.standardError(p.name()));
            assertThat(p.lower()).isEqualTo(e.lower());
            assertThat(p.upper()).isEqualTo(e.upper());
            assertThat(p.lower()).isLessThan(p.value());
            assertThat(p.upper()).isGreaterThan(p.value());
        }
    }

    @Test
    void rejectsALevelOutsideTheUnitInterval() {
        assertThatThrownBy(() -> ModelSummary.of(FIT, 95)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level must be in (0, 1)");
    }
}
