package org.rapport.server.web;

import java.util.List;
import java.util.Map;
import org.rapport.server.ContactRouter;
import org.rapport.server.View;
import org.rapport.server.segment.SegmentService;

/** The typed models the dashboard's jte templates receive, one record per page or fragment. */
public final class Models {
    private Models() {
    }

    /**
     * The CCO overview.
     *
     * @param page the frame
     * @param equityNow customers, equity with its interval, mean CLV, expected active customers; null when not scored
     * @param projected the stored equity result (headline figures, breakdowns, profitability); null when absent
     * @param charts equity by segment, channel, brand, the projection, the relationship-group quadrant
     * @param groups relationship groups; null when absent
     * @param customerCard the customer-centric scorecard
     * @param productCard the product-centric scorecard
     * @param missing section → what to run
     */
    public record Overview(View.Page page, List<Doc.Fact> equityNow, Doc projected, List<Chart> charts, Table groups,
                           List<Doc.Fact> customerCard, Table productCard, Map<String, String> missing) {
    }

    /**
     * The brands page.
     *
     * @param page the frame
     * @param charts switching heat map, brand equity
     * @param result the stored brands result; null when absent
     * @param missing section → what to run
     */
    public record Brands(View.Page page, List<Chart> charts, Doc result, Map<String, String> missing) {
    }

    /**
     * The validation page.
     *
     * @param page the frame
     * @param charts tracking and conditional expectations
     * @param errors holdout errors; null without a holdout
     * @param model the purchase and spend models; null without a run
     * @param candidates the models tried; null without a run
     * @param missing what is absent, or empty
     */
    public record Validation(View.Page page, List<Chart> charts, List<Doc.Fact> errors, Doc model, Doc candidates, String missing) {
    }

    /**
     * The customer 360 page.
     *
     * @param page the frame
     * @param id the customer
     * @param history purchases by month
     * @param profile profile facts; null when absent
     * @param scores P(alive), CLV with interval; null when absent
     * @param segment segment facts; null when absent
     * @param group relationship group; null when absent
     * @param wallet wallet; null when absent
     * @param offers offers with reasons; null when absent
     * @param household household members
     * @param recent recent purchases
     * @param missing section → what to run
     */
    public record Customer(View.Page page, String id, Chart history, List<Doc.Fact> profile, List<Doc.Fact> scores,
                           List<Doc.Fact> segment, List<Doc.Fact> group, List<Doc.Fact> wallet, Table offers, Table household,
                           Table recent, Map<String, String> missing) {
    }

    /**
     * The service desk.
     *
     * @param page the frame
     * @param contact what was looked up, or empty
     * @param route the routing, or null
     * @param notFound whether a look-up found nobody
     * @param clv the customer's CLV as text
     * @param percentile the CLV percentile as text, or empty
     */
    public record Desk(View.Page page, String contact, ContactRouter.Route route, boolean notFound, String clv, String percentile) {
    }

    /**
     * An error page (403, 404) with the navigation.
     *
     * @param page the frame
     * @param status the status
     * @param message what went wrong
     */
    public record ErrorPage(View.Page page, int status, String message) {
    }

    /**
     * A segment's customers (the htmx fragment of the workspace).
     *
     * @param segment the segment
     * @param q the id prefix searched, or empty
     * @param sort the sort
     * @param rows id, CLV, P(alive), repeat purchases, expected purchases as text
     * @param total matching customers
     * @param pageNo 0-based page
     * @param pages pages
     * @param missing what is absent, or empty
     */
    public record CustomerList(String segment, String q, String sort, List<List<String>> rows, long total, int pageNo, long pages,
                               String missing) {
        /** @return {@code total} with separators */
        public String totalText() {
            return String.format(java.util.Locale.ROOT, "%,d", total);
        }
    }

    /**
     * The segment workspace.
     *
     * @param page the frame
     * @param missing what is absent, or empty
     * @param error the last save's error, or empty
     * @param saved whether the last save succeeded
     * @param segments the user's segments; null when none are defined
     * @param current the segment shown, or null
     * @param rule its rule as typed
     * @param ruleCheck the rule's check and live count, or null
     * @param budget its budget as typed
     * @param description its description as typed
     * @param kpis its KPIs
     * @param allocation its part of the budget allocation; null when not computed
     * @param campaigns its campaigns; null when not computed
     * @param campaignsMissing why campaigns are absent
     * @param exports offer → export link of its campaign CSV
     * @param list its customers
     */
    public record Workspace(View.Page page, String missing, String error, boolean saved, Table segments, String current, String rule,
                            SegmentService.Check ruleCheck, String budget, String description, List<Doc.Fact> kpis, Doc allocation,
                            Table campaigns, String campaignsMissing, Map<String, String> exports, CustomerList list) {
    }
}
