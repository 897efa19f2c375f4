package org.rapport.analytics.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rapport.analytics.Analytics;
import org.rapport.analytics.brands.BrandSwitching;
import org.rapport.analytics.equity.CustomerEquity;
import org.rapport.analytics.feedback.CustomerInput;
import org.rapport.analytics.groups.RelationshipGroups;
import org.rapport.analytics.moments.MomentsOfValue;
import org.rapport.analytics.segment.SegmentAnalysis;
import org.rapport.analytics.wallet.ShareOfWallet;
import org.rapport.pipeline.report.Fmt;
import org.rapport.pipeline.report.ReportSection;
import org.rapport.pipeline.report.ReportSection.Chart;
import org.rapport.pipeline.report.ReportSection.ChartKind;
import org.rapport.pipeline.report.ReportSection.Series;
import org.rapport.pipeline.report.ReportSection.Table;

/**
 * The HTML report's sections for the analyses after scoring: customer equity, relationship groups,
 * segments, share of wallet, brands, moments of value and customer input to R&amp;D. Values only: the
 * report escapes the text and draws the charts.
 */
public final class AnalyticsSections {
    /** Rows shown in the longest tables (hand-offs, feedback). */
    static final int TOP = 20;

    private AnalyticsSections() {
    }

    /**
     * @param analytics the analytics results (may be null when they did not run)
     * @param segments the segment results (may be null)
     * @return the sections, in reading order
     */
    public static List<ReportSection> of(Analytics.Result analytics, SegmentAnalysis.Result segments) {
        List<ReportSection> out = new ArrayList<>();
        if (analytics != null && analytics.equity() != null) {
            out.add(equity(analytics.equity()));
        }
        if (analytics != null && analytics.groups() != null) {
            out.add(groups(analytics.groups()));
        }
        if (segments != null) {
            out.add(segments(segments));
        }
        if (analytics != null && analytics.wallet() != null) {
            out.add(wallet(analytics.wallet()));
        }
        if (analytics != null && analytics.brands() != null) {
            out.add(brands(analytics.brands()));
        }
        if (analytics != null && analytics.moments() != null) {
            out.add(moments(analytics.moments()));
        }
        if (analytics != null && analytics.feedback() != null) {
            out.add(feedback(analytics.feedback()));
        }
        return out;
    }

    static ReportSection equity(CustomerEquity.Result e) {
        ReportSection.Builder b = ReportSection.builder("equity", "Customer equity")
                .intro("Current customers' CLV summed, plus potential customers: prospects \u00d7 acquisition probability "
                        + "\u00d7 the expected CLV of a new customer, less acquisition cost. Over " + e.clvMonths()
                        + " months, with the " + e.model() + " purchase model.")
                .kpi("Total equity", Fmt.fixed(e.totalEquity(), 0), null)
                .kpi("Current customers", Fmt.fixed(e.currentEquity(), 0), Fmt.count(e.customers()) + " customers")
                .kpi("Potential customers", Fmt.fixed(e.potentialEquity(), 0), Fmt.count(e.prospects()) + " prospects, "
                        + Fmt.fixed(e.expectedNewCustomers(), 0) + " expected to join");
        if (e.membershipEquity() > 0) {
            b.kpi("Memberships", Fmt.fixed(e.membershipEquity(), 0), "expected residual fees of the running memberships");
        }
        if (e.newCustomer() != null) {
            b.kpi("CLV of a new customer", Fmt.money(e.newCustomer().clv()), "first purchase and expected repeats");
        }
        breakdownChart(b, "Equity by segment", "segment", e.bySegment());
        breakdownChart(b, "Equity by acquisition channel", "channel", e.byChannel());
        if (e.projection() != null && !e.projection().isEmpty()) {
            List<String> months = e.projection().stream().map(p -> String.valueOf(p.month())).toList();
            b.chart(new Chart(ChartKind.STACKED_BAR, "Projected margin by month", "Expected discounted margin per month "
                    + "from current customers and from prospects who join (less their acquisition cost).", months,
                    "month", "discounted margin", List.of(
                    Series.of("Current customers", e.projection().stream().mapToDouble(CustomerEquity.Period::currentCustomers).toArray()),
                    Series.of("New customers", e.projection().stream().mapToDouble(CustomerEquity.Period::newCustomers).toArray()))));
        }
        b.table(breakdownTable("By brand (the customer's main brand by spend)", "Brand", e.byBrand()));
        b.table(breakdownTable("By cohort (quarter of the first purchase)", "Cohort", e.byCohort()));
        CustomerEquity.Profitability p = e.profitability();
        if (p != null) {
            b.table(new Table("Customer profitability (margin less cost to serve)", List.of("Measure", "Value"),
                    List.of(false, true), List.of(
                    List.of("Past margin", Fmt.fixed(p.margin(), 0)),
                    List.of("Service contacts", Fmt.count(p.contacts())),
                    List.of("Cost to serve", Fmt.fixed(p.costToServe(), 0) + " (" + Fmt.money(p.costPerContact()) + " per contact)"),
                    List.of("Profit", Fmt.fixed(p.profit(), 0)),
                    List.of("Unprofitable customers", Fmt.count(p.unprofitableCustomers()) + " (loss " + Fmt.fixed(p.unprofitableLoss(), 0) + ")"),
                    List.of("Profit share of the top 20% of customers", Fmt.percent(p.top20ShareOfProfit(), false)))));
            if (p.byCategory() != null) {
                b.table(new Table("Product view: margin by category (ignores the cost to serve)",
                        List.of("Category", "Revenue", "Margin", "Margin rate"), List.of(false, true, true, true),
                        p.byCategory().stream().map(c -> List.of(c.category(), Fmt.fixed(c.revenue(), 0),
                                Fmt.fixed(c.margin(), 0), Fmt.percent(c.marginRate(), false))).toList()));
            }
        }
        notes(b, e.notes());
        return b.build();
    }

    private static void breakdownChart(ReportSection.Builder b, String title, String axis, List<CustomerEquity.Breakdown> rows) {
        if (rows == null || rows.isEmpty()) {
            return;
        }
        List<String> keys = rows.stream().map(r -> String.valueOf(r.key())).toList();
        b.chart(new Chart(ChartKind.STACKED_BAR, title, "Current customers' equity and the prospects' potential equity.",
                keys, axis, "equity", List.of(
                Series.of("Current", rows.stream().mapToDouble(CustomerEquity.Breakdown::currentEquity).toArray()),
                Series.of("Potential", rows.stream().mapToDouble(CustomerEquity.Breakdown::potentialEquity).toArray()))));
    }

    private static Table breakdownTable(String caption, String key, List<CustomerEquity.Breakdown> rows) {
        return new Table(caption, List.of(key, "Customers", "Current equity", "Prospects", "Potential equity", "Total"),
                List.of(false, true, true, true, true, true), rows == null ? List.of() : rows.stream().map(r -> List.of(
                String.valueOf(r.key()), Fmt.count(r.customers()), Fmt.fixed(r.currentEquity(), 0), Fmt.count(r.prospects()),
                Fmt.fixed(r.potentialEquity(), 0), Fmt.fixed(r.totalEquity(), 0))).toList());
    }

    static ReportSection groups(RelationshipGroups.Result g) {
        ReportSection.Builder b = ReportSection.builder("groups", "Relationship groups")
                .intro("Profitability (CLV) \u00d7 projected loyalty (expected months of relationship left) gives four groups (Reinartz & Kumar "
                        + "2002). Thresholds: CLV " + Fmt.money(g.clvThreshold()) + " (" + g.clvThresholdSource()
                        + "), loyalty " + Fmt.fixed(g.loyaltyThreshold(), 1) + " months (" + g.loyaltyThresholdSource()
                        + "); barnacles with wallet headroom above " + Fmt.money(g.upsellHeadroomThreshold())
                        + " are up/cross-sell targets, the others cut-cost-to-serve.");
        List<RelationshipGroups.Group> groups = g.groups() == null ? List.of() : g.groups();
        for (RelationshipGroups.Group x : groups) {
            b.kpi(label(x.group()), Fmt.count(x.customers()), "equity " + Fmt.fixed(x.equity(), 0));
        }
        if (!groups.isEmpty()) {
            List<String> names = groups.stream().map(x -> label(x.group())).toList();
            b.chart(new Chart(ChartKind.BAR, "Equity by relationship group", "CLV summed over each group's customers.",
                    names, "group", "equity", List.of(Series.of("Equity", groups.stream().mapToDouble(RelationshipGroups.Group::equity).toArray()))));
        }
        b.table(new Table("Groups and their strategies", List.of("Group", "Customers", "Equity", "Mean CLV",
                "Mean months left", "Up/cross-sell", "Cut cost", "Up-sell potential", "Strategy"),
                List.of(false, true, true, true, true, true, true, true, false), groups.stream().map(x -> List.of(label(x.group()),
                Fmt.count(x.customers()), Fmt.fixed(x.equity(), 0), Fmt.money(x.averageClv()), Fmt.fixed(x.averageLoyalty(), 2),
                Fmt.count(x.upsell()), Fmt.count(x.cutCost()), Fmt.fixed(x.upsellPotential(), 0), x.strategy())).toList()));
        notes(b, g.notes());
        return b.build();
    }

    private static String label(String group) {
        return group == null ? "" : switch (group) {
            case "true_friend" -> "True friends";
            case "butterfly" -> "Butterflies";
            case "barnacle" -> "Barnacles";
            case "stranger" -> "Strangers";
            default -> group;
        };
    }

    static ReportSection segments(SegmentAnalysis.Result s) {
        ReportSection.Builder b = ReportSection.builder("segments", "Segments by needs")
                .intro("Each customer's primary segment: the first rule segment (by priority) the customer matches, else the "
                        + "discovered needs-based cluster. KPIs are the customer-focus metrics of each segment.");
        if (s.discovery() != null && s.discovery().note() != null) {
            b.note(s.discovery().note());
        }
        List<SegmentAnalysis.SegmentSummary> rows = s.segments() == null ? List.of() : s.segments();
        b.kpi("Segments", Fmt.count(rows.size()), Fmt.count(s.unassigned()) + " customers unassigned");
        if (!rows.isEmpty()) {
            b.chart(new Chart(ChartKind.BAR, "Equity by segment", "CLV summed over each segment's customers.",
                    rows.stream().map(r -> r.segment().name()).toList(), "segment", "equity",
                    List.of(Series.of("Equity", rows.stream().mapToDouble(r -> r.kpis().equity()).toArray()))));
        }
        b.table(new Table("Segments", List.of("Segment", "Kind", "Manager", "Budget", "Customers", "Equity", "Mean CLV",
                "Retention", "Share of wallet", "Top categories", "Distinctive needs", "Rule"),
                List.of(false, false, false, true, true, true, true, true, true, false, false, false),
                rows.stream().map(r -> {
                    SegmentAnalysis.Kpis k = r.kpis();
                    return List.of(r.segment().name(), nz(r.segment().kind()), nz(r.segment().manager()),
                            r.segment().budget() == null ? "" : Fmt.fixed(r.segment().budget(), 0), Fmt.count(k.customers()),
                            Fmt.fixed(k.equity(), 0), k.averageClv() == null ? "" : Fmt.money(k.averageClv()),
                            k.retention() == null ? "" : Fmt.probability(k.retention()),
                            k.shareOfWallet() == null ? "" : Fmt.percent(k.shareOfWallet(), false),
                            join(k.topCategories(), c -> c.category() + " " + Fmt.percent(c.share(), false)),
                            join(k.distinctiveNeeds(), d -> d.feature() + " " + (d.z() >= 0 ? "+" : "") + Fmt.fixed(d.z(), 1) + " sd"), nz(r.segment().rule()));
                }).toList()));
        if (rows.stream().anyMatch(r -> r.kpis().lookAlike() > 0 || r.kpis().prospects() > 0)) {
            b.table(lookAlike(rows));
        }
        return b.build();
    }

    /** How the customers without survey answers, and the prospects, were placed in the segments. */
    private static Table lookAlike(List<SegmentAnalysis.SegmentSummary> rows) {
        return new Table("Placed by the look-alike model", List.of("Segment", "Customers", "From their survey answers",
                "Placed by look-alike", "Mean confidence of the placed", "Expected prospects"),
                List.of(false, true, true, true, true, true),
                rows.stream().filter(r -> "discovered".equals(r.segment().kind())).map(r -> {
                    SegmentAnalysis.Kpis k = r.kpis();
                    return List.of(r.segment().name(), Fmt.count(k.customers()), Fmt.count(k.customers() - k.lookAlike()),
                            Fmt.count(k.lookAlike()), k.lookAlikeConfidence() == null ? "" : Fmt.probability(k.lookAlikeConfidence()),
                            Fmt.count(Math.round(k.prospects())));
                }).toList());
    }

    static ReportSection wallet(ShareOfWallet.Result w) {
        ReportSection.Builder b = ReportSection.builder("wallet", "Share of wallet")
                .intro("Share of wallet = yearly spend with us / the customer's category wallet. The wallet is the survey "
                        + "answer where known, otherwise estimated (" + nz(w.method()) + ").")
                .kpi("Average share", Fmt.percent(w.averageShare(), false), Fmt.count(w.customers()) + " customers")
                .kpi("Total wallet", Fmt.fixed(w.totalWallet(), 0), Fmt.count(w.surveyed()) + " from the survey")
                .kpi("Headroom", Fmt.fixed(w.totalHeadroom(), 0), "wallet not yet spent with us");
        if (Double.isFinite(w.validationCorrelation())) {
            b.note("Estimated against surveyed wallets held out: correlation of logs " + Fmt.fixed(w.validationCorrelation(), 2)
                    + " (look-alike cells alone: " + Fmt.fixed(w.lookalikeValidationCorrelation(), 2) + ").");
        }
        List<ShareOfWallet.SegmentWallet> rows = w.bySegment() == null ? List.of() : w.bySegment();
        b.table(new Table("By segment", List.of("Segment", "Customers", "Surveyed", "Mean wallet", "Mean yearly spend",
                "Mean share", "Headroom"), List.of(false, true, true, true, true, true, true), rows.stream().map(r -> List.of(
                nz(r.segment()), Fmt.count(r.customers()), Fmt.count(r.surveyed()), Fmt.money(r.averageWallet()),
                Fmt.money(r.averageYearlySpend()), Fmt.percent(r.averageShare(), false), Fmt.fixed(r.totalHeadroom(), 0))).toList()));
        notes(b, w.notes());
        return b.build();
    }

    static ReportSection brands(BrandSwitching.Result r) {
        ReportSection.Builder b = ReportSection.builder("brands", "Brands serve customers")
                .intro("Brand switching between the firm's brands from each customer's order sequence (first-order Markov, "
                        + "Rust, Lemon & Zeithaml 2004); brand equity from individual CLV and projected brand choice.");
        List<String> brands = r.brands() == null ? List.of() : r.brands();
        if (r.overall() != null && r.overall().matrix() != null && !brands.isEmpty()) {
            List<Series> rows = new ArrayList<>();
            for (String from : brands) {
                Map<String, Double> row = r.overall().matrix().get(from);
                double[] v = new double[brands.size()];
                for (int i = 0; i < v.length; i++) {
                    Double x = row == null ? null : row.get(brands.get(i));
                    v[i] = x == null ? Double.NaN : x;
                }
                rows.add(Series.of(from, v));
            }
            b.chart(new Chart(ChartKind.HEATMAP, "Brand switching matrix", "P(next order's brand | previous order's brand), "
                    + Fmt.count(r.overall().transitions()) + " transitions.", brands, "next brand", "previous brand", rows));
        }
        List<BrandSwitching.BrandEquity> eq = r.brandEquity() == null ? List.of() : r.brandEquity();
        if (!eq.isEmpty()) {
            b.chart(new Chart(ChartKind.BAR, "Customer-based brand equity", "CLV each brand's customers are expected to bring to it.",
                    eq.stream().map(BrandSwitching.BrandEquity::brand).toList(), "brand", "equity",
                    List.of(Series.of("Equity", eq.stream().mapToDouble(BrandSwitching.BrandEquity::equity).toArray()))));
        }
        b.table(new Table("Brand equity and retirement candidates", List.of("Brand", "Customers", "Equity", "Share",
                "Revenue share, first half", "Second half", "Retire?", "Reasons"),
                List.of(false, true, true, true, true, true, false, false), eq.stream().map(x -> List.of(x.brand(),
                Fmt.count(x.customers()), Fmt.fixed(x.equity(), 0), Fmt.percent(x.equityShare(), false),
                Fmt.percent(x.firstHalfRevenueShare(), false), Fmt.percent(x.secondHalfRevenueShare(), false),
                x.retirementCandidate() ? "candidate" : "", String.join("; ", x.reasons() == null ? List.of() : x.reasons()))).toList()));
        b.kpi("Hand-off customers", Fmt.count(r.handoffCustomers()), "CLV at stake " + Fmt.fixed(r.handoffClv(), 0));
        b.table(new Table("Hand-off routes", List.of("From", "To", "Customers", "CLV at stake"), List.of(false, false, true, true),
                (r.handoffRoutes() == null ? List.<BrandSwitching.Route>of() : r.handoffRoutes()).stream().map(x -> List.of(
                x.from(), x.to(), Fmt.count(x.customers()), Fmt.fixed(x.clvAtStake(), 0))).toList()));
        b.table(new Table("Hand-offs with the most CLV at stake", List.of("Customer", "Segment", "Last brand", "Suggested brand",
                "P(alive)", "P(stay with brand)", "CLV at stake"), List.of(false, false, false, false, true, true, true),
                (r.handoff() == null ? List.<BrandSwitching.Handoff>of() : r.handoff()).stream().limit(TOP).map(x -> List.of(
                x.customerId(), nz(x.segment()), nz(x.lastBrand()), nz(x.suggestedBrand()), Fmt.probability(x.pAlive()),
                Fmt.probability(x.stayProbability()), Fmt.money(x.clvAtStake()))).toList()));
        notes(b, r.notes());
        return b.build();
    }

    private static String withSe(double beta, double se) {
        return Double.isNaN(beta) ? "" : Fmt.sig(beta, 3) + (Double.isNaN(se) ? "" : " (" + Fmt.sig(se, 2) + ")");
    }

    static ReportSection moments(MomentsOfValue.Result m) {
        ReportSection.Builder b = ReportSection.builder("moments", "Moments of value")
                .intro("Which touchpoints, judged by customers' own ratings, move later retention (" + nz(m.retentionOutcome())
                        + ") and spend most, weighted by the equity at stake.");
        List<MomentsOfValue.Touchpoint> t = m.overall() == null ? List.of() : m.overall();
        if (!t.isEmpty()) {
            b.chart(new Chart(ChartKind.STACKED_BAR, "Impact by touchpoint", "Effect of a one-SD better rating \u00d7 CLV of the "
                    + "customers rated there.", t.stream().map(MomentsOfValue.Touchpoint::touchpoint).toList(), "touchpoint",
                    "equity-weighted effect", List.of(
                    Series.of("Retention", t.stream().mapToDouble(MomentsOfValue.Touchpoint::retentionImpact).toArray()),
                    Series.of("Spend", t.stream().mapToDouble(MomentsOfValue.Touchpoint::spendImpact).toArray()))));
        }
        b.table(new Table("Touchpoints by impact", List.of("Touchpoint", "Customers", "Mean rating", "Equity at stake",
                "Retention effect (SE)", "Spend effect (SE)", "Impact", "Verdict (Holm, 5%)"),
                List.of(false, true, true, true, true, true, true, false),
                t.stream().map(x -> List.of(x.touchpoint(), Fmt.count(x.customers()), Fmt.fixed(x.averageRating(), 2),
                        Fmt.fixed(x.equityAtStake(), 0), withSe(x.retentionEffect(), x.retentionStandardError()),
                        withSe(x.spendEffect(), x.spendStandardError()), Fmt.fixed(x.impact(), 0), x.verdict())).toList()));
        if (m.bySegment() != null && !m.bySegment().isEmpty()) {
            b.table(new Table("Top touchpoints by segment", List.of("Segment", "First", "Second", "Third"), null,
                    m.bySegment().stream().map(s -> {
                        List<String> names = new ArrayList<>(List.of(s.segment()));
                        for (int i = 0; i < 3; i++) {
                            names.add(i < s.touchpoints().size() ? s.touchpoints().get(i).touchpoint() : "");
                        }
                        return (List<String>) names;
                    }).toList()));
        }
        notes(b, m.notes());
        return b.build();
    }

    static ReportSection feedback(CustomerInput.Result f) {
        ReportSection.Builder b = ReportSection.builder("feedback", "Customer input to R&D")
                .intro("Feedback and feature requests by topic, weighted by the equity (CLV) of the customers asking.")
                .kpi("Feedback items", Fmt.count(f.items()), null);
        List<CustomerInput.Topic> t = f.overall() == null ? List.of() : f.overall();
        if (!t.isEmpty()) {
            b.chart(new Chart(ChartKind.BAR, "Equity of the customers asking, by topic", null,
                    t.stream().map(CustomerInput.Topic::topic).toList(), "topic", "equity",
                    List.of(Series.of("Equity", t.stream().mapToDouble(CustomerInput.Topic::equity).toArray()))));
        }
        b.table(topics("Topics", t));
        if (f.bySegment() != null && !f.bySegment().isEmpty()) {
            b.table(topics("By segment (most equity first)", f.bySegment().stream().limit(3L * TOP).toList()));
        }
        notes(b, f.notes());
        return b.build();
    }

    private static Table topics(String caption, List<CustomerInput.Topic> t) {
        return new Table(caption, List.of("Segment", "Topic", "Items", "Customers", "Equity", "Equity share", "Mean rating", "Example"),
                List.of(false, false, true, true, true, true, true, false), t.stream().map(x -> List.of(nz(x.segment()),
                nz(x.topic()), Fmt.count(x.items()), Fmt.count(x.customers()), Fmt.fixed(x.equity(), 0),
                Fmt.percent(x.equityShare(), false), Fmt.fixed(x.averageRating(), 2),
                x.examples() == null || x.examples().isEmpty() ? "" : x.examples().get(0))).toList());
    }

    private static void notes(ReportSection.Builder b, List<String> notes) {
        if (notes != null) {
            notes.forEach(b::note);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static <T> String join(List<T> items, Function<T, String> f) {
        return items == null ? "" : String.join(", ", items.stream().map(f).toList());
    }
}
