package org.rapport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapport.store.RapportStore;

class ResultsTest {
    @Test
    void latestResultOfEachAnalysisIsReturned() {
        try (RapportStore s = RapportStore.inMemory()) {
            assertThat(Results.latest(s, "equity")).isEmpty();
            Results.save(s, "equity", null, Map.of("totalEquity", 1.0));
            Results.save(s, "groups", 7L, Map.of("groups", 4));
            Results.save(s, "equity", null, Map.of("totalEquity", 2.0));
            assertThat(Results.latest(s, "equity").orElseThrow().get("totalEquity").asDouble()).isEqualTo(2.0);
            assertThat(Results.latest(s, "groups").orElseThrow().get("groups").asInt()).isEqualTo(4);
            assertThat(Results.latestRunId(s)).isEmpty();
        }
    }
}
