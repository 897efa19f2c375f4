package org.rapport.store.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.rapport.store.Queries;

/**
 * The stored results of the analyses after scoring ({@code analysis_results}, pipeline schema: one JSON
 * document per analysis and computation): the one place that reads and writes them. JSON conventions
 * (serialising, parsing) belong to the pipeline's {@code Results}; this class moves text.
 */
public final class StoredResults {
    private StoredResults() {
    }

    /**
     * @param q the store or a pool
     * @param analysis the analysis name, e.g. {@code equity}
     * @return the latest stored document of that analysis, if any
     */
    public static Optional<String> latestJson(Queries q, String analysis) {
        if (!q.tableExists("analysis_results")) {
            return Optional.empty();
        }
        return q.queryFirst("SELECT result_json FROM analysis_results WHERE analysis = ? ORDER BY result_id DESC LIMIT 1",
                rs -> rs.getString(1), analysis);
    }

    /**
     * @param q the store or a pool
     * @param analysis the analysis name
     * @param runId a run id
     * @return the latest document of that analysis computed from that run, if any
     */
    public static Optional<String> jsonOfRun(Queries q, String analysis, long runId) {
        if (!q.tableExists("analysis_results")) {
            return Optional.empty();
        }
        return q.queryFirst("SELECT result_json FROM analysis_results WHERE analysis = ? AND run_id = ? "
                + "ORDER BY result_id DESC LIMIT 1", rs -> rs.getString(1), analysis, runId);
    }

    /**
     * Inserts a document.
     *
     * @param q the store or a pool
     * @param resultId a new id ({@code RapportStore.nextId("analysis_results", "result_id")})
     * @param analysis the analysis name
     * @param runId the run it derives from, or null
     * @param json the document
     */
    public static void insert(Queries q, long resultId, String analysis, Long runId, String json) {
        q.update("INSERT INTO analysis_results VALUES (?, ?, ?, ?, ?)", resultId, analysis, runId,
                Timestamp.from(Instant.now()), json);
    }
}
