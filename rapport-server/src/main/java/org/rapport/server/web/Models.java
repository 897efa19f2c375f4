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
                           List<Doc.Fact> segment, List<Doc.Fact> group, List<Doc.Fact> wallet, List<Doc.Fact> membership,
                           Table offers, Table household, Table recent, Map<String, String> missing) {
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

    /**
     * The run history.
     *
     * @param page the frame
     * @param missing why there is nothing to show, or empty
     * @param runs this page of runs
     * @param pager its sort and page (in the URL)
     * @param choices every run as {id, description}, for the comparison's choice
     * @param a the run compared by default (the one before the latest)
     * @param b the other (the latest)
     */
    public record Runs(View.Page page, String missing, Table runs, Pager pager, List<String[]> choices, String a, String b) {
    }

    /**
     * Two runs side by side.
     *
     * @param page the frame
     * @param warnings what makes them hard to compare (a run without holdout, different models)
     * @param tables settings, model, parameters, validation, totals: the two runs as rows and their change
     */
    public record Compare(View.Page page, List<String> warnings, List<Table> tables) {
    }

    /**
     * The form that starts an analysis: what was typed, else the last run's settings.
     *
     * @param files the import folder's files as {name, label}
     * @param file the file chosen
     * @param calibrationEnd the calibration end, {@code YYYY-MM-DD} or empty
     * @param model the purchase model
     * @param clvMonths the CLV horizon in months, or empty for the default
     * @param discountRate the discount rate in percent, or empty for the default
     * @param models the models one may choose
     * @param lastRun where the defaults came from, or empty
     */
    public record JobForm(List<String[]> files, String file, String calibrationEnd, String model, String clvMonths, String discountRate,
                          List<String> models, String lastRun) {
        /** @param m a model key @return its label */
        public String modelLabel(String m) {
            return switch (m) {
                case "auto" -> "Choose automatically (holdout likelihood, else BIC)";
                case "bgnbd" -> "BG/NBD";
                case "pnbd" -> "Pareto/NBD";
                case "mbgnbd" -> "MBG/NBD";
                default -> m;
            };
        }
    }

    /**
     * The jobs table (also the fragment that refreshes itself while a job runs).
     *
     * @param table this page of jobs
     * @param pager its page (in the URL)
     * @param runLinks per row, the link to the run a job made, or empty
     * @param active whether a job is waiting or running (the table then refreshes itself)
     */
    public record JobList(Table table, Pager pager, List<String> runLinks, boolean active) {
    }

    /**
     * The Jobs page.
     *
     * @param page the frame
     * @param error the last form's error, or empty
     * @param warning the last form's warning (no calibration date), or empty
     * @param started the job just started, or empty
     * @param uploaded the file just uploaded, or empty
     * @param form the form
     * @param list the jobs
     */
    public record Jobs(View.Page page, String error, String warning, String started, String uploaded, JobForm form, JobList list) {
    }

    /**
     * The users page (cco).
     *
     * @param page the frame
     * @param error the last form's error, or empty
     * @param done what the last form did, or empty
     * @param users every user, by name
     * @param roles the roles
     * @param segments the segments that exist
     * @param me the signed-in cco (who cannot delete themselves or change their own role)
     * @param name the add form's name as typed
     * @param role its role as typed
     * @param segmentsTyped its segments as typed
     */
    public record Users(View.Page page, String error, String done, List<org.rapport.server.auth.User> users, List<String> roles,
                        List<String> segments, String me, String name, String role, String segmentsTyped) {
        /** @param id a role id @return its label */
        public String roleLabel(String id) {
            return Fields.label(id);
        }
    }

    /**
     * The audit log page.
     *
     * @param page the frame
     * @param table this page of changes
     * @param pager its sort and page (in the URL)
     */
    public record Audit(View.Page page, Table table, Pager pager) {
    }
}
