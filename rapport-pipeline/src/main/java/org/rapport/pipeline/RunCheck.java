package org.rapport.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rapport.store.Finding;
import org.rapport.store.RapportStore;

/**
 * The invariants of the latest analysis run ({@code rapport doctor}): the scores belong to the latest
 * run, every summarised customer is scored, and the analyses after scoring stored their results.
 */
public final class RunCheck {
    private RunCheck() {
    }

    /**
     * @param store an open store
     * @return one finding per invariant
     */
    public static List<Finding> check(RapportStore store) {
        List<Finding> out = new ArrayList<>();
        Optional<Long> latest = Results.latestRunId(store);
        if (latest.isEmpty()) {
            long scores = store.queryLong("SELECT count(*) FROM customer_scores");
            out.add(scores == 0 ? Finding.ok("no analysis run yet")
                    : Finding.problem(String.format(Locale.ROOT, "%,d scores but no analysis run", scores),
                            "run `rapport analyze` again: it replaces the scores"));
            return out;
        }
        long run = latest.get();
        long foreign = store.queryLong("SELECT count(*) FROM customer_scores WHERE run_id <> ?", run);
        long scores = store.queryLong("SELECT count(*) FROM customer_scores");
        long summaries = store.queryLong("SELECT count(*) FROM customer_summary");
        out.add(foreign == 0 && scores == summaries
                ? Finding.ok(String.format(Locale.ROOT, "latest run %d: %,d customers summarised and scored", run, scores))
                : Finding.problem(String.format(Locale.ROOT, "latest run %d: %,d summaries, %,d scores, %,d of them from "
                        + "another run", run, summaries, scores, foreign), "run `rapport analyze` again"));
        long results = store.queryLong("SELECT count(*) FROM analysis_results WHERE run_id = ?", run);
        out.add(results > 0 ? Finding.ok(String.format(Locale.ROOT, "latest run %d: %d analyses after scoring stored", run, results))
                : Finding.problem("latest run " + run + " has no analyses after scoring (equity, segments, offers)",
                        "run `rapport analyze` again"));
        return out;
    }
}
