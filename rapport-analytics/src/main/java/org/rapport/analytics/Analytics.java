package org.rapport.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapport.analytics.brands.BrandSwitching;
import org.rapport.analytics.equity.CustomerEquity;
import org.rapport.analytics.feedback.CustomerInput;
import org.rapport.analytics.groups.RelationshipGroups;
import org.rapport.analytics.moments.MomentsOfValue;
import org.rapport.analytics.segment.SegmentAnalysis;
import org.rapport.analytics.wallet.ShareOfWallet;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;
import org.rapport.store.StoreException;

/**
 * Runs the customer analytics after scoring ({@code Analysis.run}): share of wallet, relationship
 * groups (which split barnacles by wallet), customer equity, brands, moments of value and customer input
 * to R&amp;D. Each stores its tables and its JSON document ({@link Results#save}) under its name.
 * Each analysis degrades on data that lack its inputs (transactions only, as CDNOW): it returns a
 * result with a note saying what is missing instead of failing.
 */
public final class Analytics {
    /** The analyses in the order they run; also their names in {@code analysis_results}. */
    public static final List<String> NAMES = List.of("wallet", "groups", "equity", "brands", "moments", "feedback");

    private static final ObjectMapper TREE = new ObjectMapper();

    private Analytics() {
    }

    /**
     * Everything computed.
     *
     * @param runId the analysis run analysed
     * @param wallet share of wallet
     * @param groups relationship groups
     * @param equity customer equity
     * @param brands brand switching and brand equity
     * @param moments moments of value
     * @param feedback customer input to R&amp;D
     * @param millis wall time of each analysis in milliseconds
     */
    public record Result(long runId, ShareOfWallet.Result wallet, RelationshipGroups.Result groups,
                         CustomerEquity.Result equity, BrandSwitching.Result brands, MomentsOfValue.Result moments,
                         CustomerInput.Result feedback, Map<String, Long> millis) {
    }

    /**
     * Runs every analysis on the latest run and saves each result.
     *
     * @param store the store, scored by {@code Analysis.run}
     * @param options the options
     * @param progress progress, one stage per analysis
     * @return every result
     * @throws StoreException with "no scores yet: run rapport analyze first" when nothing is scored
     */
    public static Result run(RapportStore store, AnalyticsOptions options, Progress progress) {
        RunContext run = RunContext.require(store);
        boolean lines = store.hasRows("products");
        if (lines) {
            Lines.refresh(store);
        }
        try {
            return run(store, run, options, progress, lines, null);
        } finally {
            Lines.drop(store);
        }
    }

    /**
     * Runs every analysis with the caller's {@code a_lines} ({@link Lines}): for {@link AfterScoring},
     * which makes the table once for these analyses and the segments' KPIs and drops it after both, and
     * hands over the customers it loaded to assign the segments.
     *
     * @param store the store, scored
     * @param run the run the analyses follow (passed on by the batch job, not read back)
     * @param options the options
     * @param progress progress
     * @param linesReady whether the caller has just refreshed {@code a_lines} (there are products)
     * @param job the segments' assignment with its frame (the wallet reads the customers' columns from
     *     it), or null
     * @return every result
     */
    static Result run(RapportStore store, RunContext run, AnalyticsOptions options, Progress progress, boolean linesReady,
                      SegmentAnalysis.Assignment job) {
        Map<String, Long> millis = new LinkedHashMap<>();
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            progress.start(name, 1);
            long t0 = System.nanoTime();
            out.put(name, compute(store, run, name, options, job));
            millis.put(name, (System.nanoTime() - t0) / 1_000_000);
            progress.advance(1);
            progress.finish(name + " in " + millis.get(name) + " ms");
        }
        return new Result(run.runId(), (ShareOfWallet.Result) out.get("wallet"), (RelationshipGroups.Result) out.get("groups"),
                (CustomerEquity.Result) out.get("equity"), (BrandSwitching.Result) out.get("brands"),
                (MomentsOfValue.Result) out.get("moments"), (CustomerInput.Result) out.get("feedback"), millis);
    }

    /**
     * Runs one analysis on the latest run and saves its result. The groups split barnacles with the
     * stored share of wallet, so run {@code wallet} first for that split.
     *
     * @param store the store
     * @param analysis one of {@link #NAMES}
     * @param options the options
     * @return the result (a record of the analysis' class)
     * @throws StoreException when nothing is scored
     * @throws IllegalArgumentException for an unknown name
     */
    public static Object runOne(RapportStore store, String analysis, AnalyticsOptions options) {
        RunContext run = RunContext.require(store);
        boolean lines = ("equity".equals(analysis) || "brands".equals(analysis)) && store.hasRows("products");
        if (lines) {
            Lines.refresh(store);
        }
        try {
            return compute(store, run, analysis, options, null);
        } finally {
            Lines.drop(store);
        }
    }

    private static Object compute(RapportStore store, RunContext run, String name, AnalyticsOptions o,
                                  SegmentAnalysis.Assignment job) {
        Object r = switch (name) {
            case "wallet" -> job == null ? ShareOfWallet.compute(store, run, o)
                    : ShareOfWallet.compute(store, run, o, job.frame(), job.segments());
            case "groups" -> RelationshipGroups.compute(store, run, o);
            case "equity" -> CustomerEquity.compute(store, run, o);
            case "brands" -> BrandSwitching.compute(store, run, o);
            case "moments" -> MomentsOfValue.compute(store, run, o);
            case "feedback" -> CustomerInput.compute(store, run, o);
            default -> throw new IllegalArgumentException("unknown analysis '" + name + "' (known: " + NAMES + ")");
        };
        Results.save(store, name, run.runId(), finiteJson(r));
        return r;
    }

    /**
     * The result as a JSON tree with every NaN or infinite number replaced by null: JSON has no NaN, and
     * a browser's JSON.parse rejects the token. The Java result keeps NaN.
     *
     * @param result a result record
     * @return its tree
     */
    static JsonNode finiteJson(Object result) {
        JsonNode tree = TREE.valueToTree(result);
        nullNonFinite(tree);
        return tree;
    }

    private static void nullNonFinite(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> bad = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber() && !Double.isFinite(e.getValue().asDouble())) {
                    bad.add(e.getKey());
                } else {
                    nullNonFinite(e.getValue());
                }
            });
            bad.forEach(o::putNull);
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isNumber() && !Double.isFinite(a.get(i).asDouble())) {
                    a.set(i, NullNode.getInstance());
                } else {
                    nullNonFinite(a.get(i));
                }
            }
        }
    }
}
