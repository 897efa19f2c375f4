package org.rapport.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.rapport.store.Queries;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;
import org.rapport.store.query.Runs;
import org.rapport.store.query.StoredResults;

/**
 * The stored results of the analyses that follow scoring, one JSON document per analysis and
 * computation, in {@code analysis_results}. The document is what the CLI prints with
 * {@code --format json}; the server serves the latest one as it is. Names are lower-case words such
 * as {@code equity}, {@code groups}, {@code segments}, {@code wallet}, {@code brands},
 * {@code moments}, {@code feedback}, {@code budget}, {@code offers-evaluation}.
 */
public final class Results {
    private Results() {
    }

    /**
     * Saves a result (serialised with the pipeline's JSON conventions: ISO dates, NaN kept).
     *
     * @param store the store
     * @param analysis the analysis name
     * @param runId the analysis run it derives from, or null
     * @param result a Jackson-serialisable value (record, map, JsonNode)
     * @return the new result id
     */
    public static long save(RapportStore store, String analysis, Long runId, Object result) {
        String json;
        try {
            json = Analysis.JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("result of " + analysis + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        long id = store.nextId("analysis_results", "result_id");
        StoredResults.insert(store, id, analysis, runId, json);
        return id;
    }

    /**
     * @param store the store
     * @param analysis the analysis name
     * @return the latest stored JSON document of that analysis, if any
     */
    public static Optional<String> latestJson(Queries store, String analysis) {
        return StoredResults.latestJson(store, analysis);
    }

    /**
     * @param store the store
     * @param analysis the analysis name
     * @return the latest stored document of that analysis as a tree, if any
     */
    public static Optional<JsonNode> latest(Queries store, String analysis) {
        return latestJson(store, analysis).map(j -> {
            try {
                return Analysis.JSON.readTree(j);
            } catch (JsonProcessingException e) {
                throw new StoreException("the stored " + analysis + " result cannot be read: " + e.getOriginalMessage(), e);
            }
        });
    }

    /**
     * @param store the store
     * @return the id of the latest analysis run, if any
     */
    public static Optional<Long> latestRunId(Queries store) {
        return Runs.latestRunId(store);
    }
}
