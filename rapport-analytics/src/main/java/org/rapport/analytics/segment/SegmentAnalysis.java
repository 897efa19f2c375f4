package org.rapport.analytics.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rapport.analytics.frame.CustomerFrame;
import org.rapport.pipeline.Progress;
import org.rapport.pipeline.Results;
import org.rapport.store.RapportStore;

/**
 * The segments stage after scoring: discovers needs-based clusters when none exist (or when asked),
 * assigns every customer its primary segment (the first rule segment by priority whose rule is true,
 * else its discovered cluster, else {@code unassigned}) into {@code customer_segment}, computes each
 * segment's KPIs and stores the result as the {@code segments} analysis result.
 */
public final class SegmentAnalysis {
    /** The analysis name under which {@link Results} keeps the document. */
    public static final String RESULT = "segments";

    /**
     * A product category's share of a segment's net spend.
     *
     * @param category the category
     * @param share its share of the segment's spend
     */
    public record CategoryShare(String category, double share) {
    }

    /**
     * The customer-focus metrics of a segment.
     *
     * @param customers customers in the segment
     * @param equity sum of CLV
     * @param averageClv mean CLV (null without scores)
     * @param retention mean P(alive) (null without scores)
     * @param shareAlive share of customers with P(alive) &gt; 0.5 (null without scores)
     * @param shareOfWallet mean share of wallet, or null before {@code rapport wallet} made customer_wallet
     * @param relationshipGroups customers per relationship group, or null before {@code rapport groups}
     * @param topCategories the three largest categories of the segment's spend
     * @param distinctiveNeeds the needs whose segment mean is farthest from the population mean, in
     *     population standard deviations (z of the mean), strongest first (at most three)
     * @param lookAlike customers of the segment placed by the look-alike model (no survey answers)
     * @param lookAlikeConfidence their mean confidence (the model's probability of the segment), null if none
     * @param prospects expected prospects in the segment (sum of their look-alike probabilities)
     */
    public record Kpis(long customers, double equity, Double averageClv, Double retention, Double shareAlive,
                       Double shareOfWallet, Map<String, Long> relationshipGroups, List<CategoryShare> topCategories,
                       List<SegmentDiscovery.Distinctive> distinctiveNeeds, long lookAlike, Double lookAlikeConfidence,
                       double prospects) {
    }

    /**
     * A segment with its KPIs.
     *
     * @param segment the stored segment
     * @param kpis its metrics (zero customers if none is assigned)
     */
    public record SegmentSummary(Segment segment, Kpis kpis) {
    }

    /**
     * What the discovery did.
     *
     * @param usedNeeds whether needs answers were among the features
     * @param features the features
     * @param k clusters
     * @param kChosenBy "silhouette" or "forced"
     * @param silhouette mean silhouette by k
     * @param note one sentence for the report
     */
    public record DiscoveryInfo(boolean usedNeeds, List<String> features, int k, String kChosenBy,
                                Map<Integer, Double> silhouette, String note) {
    }

    /**
     * The stage's result, stored as JSON under {@code segments}.
     *
     * @param runId the analysis run of the scores
     * @param customers customers assigned
     * @param unassigned customers in no segment
     * @param discovery the discovery done by this call, or null if the stored clusters were kept
     * @param segments every segment with its KPIs ({@code unassigned} last when it has customers)
     * @param seconds wall time of each step
     */
    public record Result(Long runId, long customers, long unassigned, DiscoveryInfo discovery,
                         List<SegmentSummary> segments, Map<String, Double> seconds) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper PROFILE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private SegmentAnalysis() {
    }

    /**
     * Runs the stage: discovers clusters if there are none yet (or {@code options.rediscover()}),
     * assigns customers, computes KPIs, saves the result.
     *
     * @param store the store, after {@code rapport analyze}
     * @param options the settings
     * @param progress receives the steps
     * @return the result
     * @throws SegmentException if there are no scores yet
     */
    public static Result run(RapportStore store, SegmentOptions options, Progress progress) {
        return run(store, options, progress, true, true).result();
    }

    /**
     * Discovers (as {@link #run}) and assigns, without KPIs and without saving a result: for a caller
     * that computes the KPIs once, after the analyses they read (groups, wallet), with
     * {@link #current(RapportStore, DiscoveryInfo)}.
     *
     * @param store the store, after {@code rapport analyze}
     * @param options the settings
     * @param progress receives the steps
     * @return the assignment (its {@code segments} list is empty)
     */
    public static Result assign(RapportStore store, SegmentOptions options, Progress progress) {
        return run(store, options, progress, true, false).result();
    }

    /**
     * An assignment with what it was made from, for a job that goes on with the same customers.
     *
     * @param result the assignment (its {@code segments} list is empty)
     * @param frame the customers as loaded for it (its rows are {@link CustomerFrame#UNIVERSE}'s as long
     *     as no other frame is loaded on the store)
     * @param segments each frame row's primary segment, as written to {@code customer_segment}
     */
    public record Assignment(Result result, CustomerFrame frame, String[] segments) {
    }

    /**
     * As {@link #assign}, also handing back the frame and the segments, so the analyses of the same job
     * ({@code AfterScoring}) read the customers' columns and needs from memory instead of querying them
     * again.
     *
     * @param store the store, after {@code rapport analyze}
     * @param options the settings
     * @param progress receives the steps
     * @return the assignment with its frame
     */
    public static Assignment assignWithFrame(RapportStore store, SegmentOptions options, Progress progress) {
        return run(store, options, progress, true, false);
    }

    /**
     * Assigns customers again from the rules and the stored clusters (no clustering), computes KPIs and
     * saves the result; used after a rule or segment changes.
     *
     * @param store the store, after {@code rapport analyze}
     * @param progress receives the steps
     * @return the result (its {@code discovery} is null)
     */
    public static Result reassign(RapportStore store, Progress progress) {
        return run(store, SegmentOptions.defaults(), progress, false, true).result();
    }

    /**
     * The current segments and KPIs, without assigning again; saved as the {@code segments} result.
     *
     * @param store the store
     * @return the result (its {@code discovery} is null)
     */
    public static Result current(RapportStore store) {
        return current(store, null);
    }

    /**
     * The current segments and KPIs, saved as the {@code segments} result with what a preceding
     * {@link #assign} discovered.
     *
     * @param store the store
     * @param discovery the discovery to report, or null
     * @return the result
     */
    public static Result current(RapportStore store, DiscoveryInfo discovery) {
        return current(store, discovery, false);
    }

    /**
     * As {@link #current(RapportStore, DiscoveryInfo)}, reading the segments' top categories from the
     * temporary table {@code a_lines} (the net purchase lines with their product, {@link org.rapport.analytics.Lines})
     * when the caller has just refreshed it on this store's connection, instead of netting the
     * transaction lines again.
     *
     * @param store the store
     * @param discovery the discovery to report, or null
     * @param linesReady whether {@code a_lines} is fresh on this connection
     * @return the result
     */
    public static Result current(RapportStore store, DiscoveryInfo discovery, boolean linesReady) {
        return current(store, discovery, linesReady, null);
    }

    /**
     * As {@link #current(RapportStore, DiscoveryInfo, boolean)}, with the distinctive needs computed from
     * the need answers of the job's frame and the segments it assigned (the same figures as the query over
     * {@code customer_needs}, without joining five million answers to the segments again).
     *
     * @param store the store
     * @param discovery the discovery to report, or null
     * @param linesReady whether {@code a_lines} is fresh on this connection
     * @param job the assignment just written to {@code customer_segment}, with its frame, or null
     * @return the result
     */
    public static Result current(RapportStore store, DiscoveryInfo discovery, boolean linesReady, Assignment job) {
        List<SegmentSummary> summaries = SegmentKpis.summaries(store, linesReady,
                job == null ? null : SegmentKpis.distinctiveNeeds(job.frame().needs(), job.segments()));
        long customers = 0;
        long unassigned = 0;
        for (SegmentSummary s : summaries) {
            customers += s.kpis().customers();
            unassigned += Segment.UNASSIGNED.equals(s.segment().name()) ? s.kpis().customers() : 0;
        }
        Long runId = Results.latestRunId(store).orElse(null);
        Result r = new Result(runId, customers, unassigned, discovery, summaries, Map.of());
        Results.save(store, RESULT, runId, r);
        return r;
    }

    private static Assignment run(RapportStore store, SegmentOptions options, Progress progress, boolean mayDiscover,
                                  boolean withKpis) {
        requireScores(store);
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        progress.start("segments: load customers", -1);
        CustomerFrame frame = CustomerFrame.load(store);
        seconds.put("frameLoad", since(t0));
        progress.finish(String.format(Locale.ROOT, "%,d customers in memory", frame.size()));
        SegmentStore segments = SegmentStore.of(store);
        DiscoveryInfo info = null;
        if (mayDiscover && (options.rediscover() || !segments.hasDiscovered())) {
            long t1 = System.nanoTime();
            info = discover(store, frame, segments, options, progress);
            seconds.put("discovery", since(t1));
        }
        long t2 = System.nanoTime();
        progress.start("segments: assign", -1);
        String[] assigned = assign(frame, segments.list(), segments.clusters(frame.size()));
        segments.writeAssignment(assigned);
        seconds.put("assignment", since(t2));
        long unassigned = 0;
        for (String s : assigned) {
            unassigned += Segment.UNASSIGNED.equals(s) ? 1 : 0;
        }
        Long runId = Results.latestRunId(store).orElse(null);
        if (!withKpis) {
            progress.finish(String.format(Locale.ROOT, "%,d customers assigned, %,d unassigned", frame.size(), unassigned));
            return new Assignment(new Result(runId, frame.size(), unassigned, info, List.of(), seconds), frame, assigned);
        }
        long t3 = System.nanoTime();
        List<SegmentSummary> summaries = summaries(store);
        seconds.put("kpis", since(t3));
        progress.finish(String.format(Locale.ROOT, "%,d customers in %d segments, %,d unassigned", frame.size(),
                summaries.size(), unassigned));
        Result r = new Result(runId, frame.size(), unassigned, info, summaries, seconds);
        Results.save(store, RESULT, runId, r);
        return new Assignment(r, frame, assigned);
    }

    /** Discovers the clusters, places the look-alikes and prospects, and stores the discovered segments. */
    private static DiscoveryInfo discover(RapportStore store, CustomerFrame frame, SegmentStore segments, SegmentOptions options,
                                          Progress progress) {
        progress.start("segments: discover", -1);
        SegmentDiscovery.Result d = SegmentDiscovery.discover(frame, options.discovery(),
                () -> LookAlikeData.load(store, frame));
        segments.writeConfidence(d.confidence(), d.surveyed() < frame.size());
        ProspectPlacement.place(store, frame, d);
        store(segments, d);
        long needCount = d.features().stream().filter(f -> !SegmentDiscovery.BEHAVIOUR.contains(f)).count();
        String note = d.usedNeeds()
                ? String.format(Locale.ROOT, "%d clusters on %d needs%s (k by %s)", d.k(), needCount,
                d.features().size() > needCount ? " and behaviour" : "", d.kChosenBy())
                : String.format(Locale.ROOT, "no needs answers in the store (customer_needs is empty): %d clusters on "
                + "behaviour only (frequency, spend, P(alive)), k by %s", d.k(), d.kChosenBy());
        progress.finish(note);
        return new DiscoveryInfo(d.usedNeeds(), d.features(), d.k(), d.kChosenBy(), d.silhouette(), note);
    }

    /** Stores the discovered segments with their profiles, a cluster named like a rule segment renamed. */
    private static void store(SegmentStore segments, SegmentDiscovery.Result d) {
        Map<String, String> rename = segments.clusterNames(d);
        Map<String, String> profiles = new LinkedHashMap<>();
        for (SegmentDiscovery.Cluster c : d.clusters()) {
            profiles.put(rename.get(c.name()), json(c));
        }
        String[] names = d.names();
        for (int i = 0; i < names.length; i++) {
            names[i] = rename.get(names[i]);
        }
        segments.replaceDiscovered(profiles, names);
    }

    /**
     * Each customer's primary segment: first matching rule segment (the list's order), else cluster,
     * else {@code unassigned}.
     *
     * @param frame the customers
     * @param segments the segments, rule segments in priority order
     * @param clusters each customer's cluster, or null
     * @return each customer's segment
     */
    public static String[] assign(CustomerFrame frame, List<Segment> segments, String[] clusters) {
        String[] out = new String[frame.size()];
        java.util.Set<String> discovered = new java.util.HashSet<>();
        for (Segment s : segments) {
            if (!s.ruleBased()) {
                discovered.add(s.name());
                continue;
            }
            boolean[] m = Rule.parse(s.rule()).evaluate(frame);
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null && m[i]) {
                    out[i] = s.name();
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                // a cluster whose segment became a rule segment (or was deleted) holds nobody any more
                out[i] = clusters[i] != null && discovered.contains(clusters[i]) ? clusters[i] : Segment.UNASSIGNED;
            }
        }
        return out;
    }

    /**
     * What saving a segment's rule did.
     *
     * @param segment the segment as stored now
     * @param converted whether it was a discovered segment and is now a rule segment
     * @param customers its customers after the reassignment
     * @param formerClusterUnassigned customers of its former cluster that the rule does not match and no other
     *                                segment holds (now {@code unassigned}); 0 unless converted
     * @param message what happened, in a sentence
     */
    public record RuleSaved(Segment segment, boolean converted, long customers, long formerClusterUnassigned,
                            String message) {
    }

    /**
     * Makes a saved rule take effect at once: a discovered segment whose row now has a rule becomes a rule
     * segment (after every existing rule segment unless it has a priority), and every customer is assigned
     * again from the rules and the stored clusters, so the segment's count is its real count. Called by the
     * CLI's {@code segments define} and the server's segment save after they stored the rule.
     *
     * @param store the store (scored)
     * @param name the segment whose rule was saved
     * @return what happened
     * @throws SegmentException if there is no such segment or no scores
     */
    public static RuleSaved ruleSaved(RapportStore store, String name) {
        return RuleSave.saved(store, name);
    }


    /**
     * The segments with KPIs from the current {@code customer_segment}, without assigning again.
     *
     * @param store the store
     * @return every defined segment (and {@code unassigned} when it has customers)
     */
    public static List<SegmentSummary> summaries(RapportStore store) {
        return SegmentKpis.summaries(store);
    }

    /**
     * @param store the store
     * @throws SegmentException with "run rapport analyze first" when customer_scores is empty
     */
    public static void requireScores(RapportStore store) {
        if (!CustomerFrame.tableExists(store, "customer_scores")
                || store.queryLong("SELECT count(*) FROM (SELECT 1 FROM customer_scores LIMIT 1)") == 0) {
            throw new SegmentException(SegmentException.NO_SCORES);
        }
    }

    private static String json(Object o) {
        try {
            return PROFILE_JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a cluster profile as JSON", e);
        }
    }

    private static double since(long t) {
        return Math.round((System.nanoTime() - t) / 1e6) / 1e3;
    }
}
