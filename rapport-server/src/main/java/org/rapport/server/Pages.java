package org.rapport.server;

import org.rapport.server.api.Api;
import org.rapport.server.api.Endpoint;
import org.rapport.server.auth.Assignments;
import org.rapport.server.auth.Auth;
import org.rapport.server.auth.UserAdmin;
import org.rapport.server.jobs.ImportFolder;
import org.rapport.server.jobs.Jobs;
import org.rapport.server.auth.Role;
import org.rapport.server.auth.SignIn;
import org.rapport.server.auth.User;
import static org.rapport.server.auth.Role.AGENT;
import static org.rapport.server.auth.Role.ANALYST;
import static org.rapport.server.auth.Role.CCO;
import static org.rapport.server.auth.Role.SEGMENT_MANAGER;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rapport.server.segment.SegmentService;
import org.rapport.server.web.Format;
import org.rapport.server.web.Models;

/**
 * The dashboard: server-rendered jte pages (precompiled) over typed models ({@link Models}), charts
 * drawn by ECharts from data attributes. This class holds the route table of the pages, the frame,
 * the service desk and the error pages; each other page has its class.
 */
public final class Pages {
    private static final TemplateEngine JTE = TemplateEngine.createPrecompiled(ContentType.Html);

    private final Auth auth;
    private final ContactRouter router;
    private final Format fmt;
    private final boolean secureCookies;
    private final OverviewPage overview;
    private final WorkspacePage workspace;
    private final CustomerPage customer;
    private final InsightPages insights;
    private final CampaignResultsPage campaigns;
    private final JobsPage jobsPage;
    private final RunsPage runsPage;
    private final AdminPages admin;

    Pages(Data data, Auth auth, ContactRouter router, SegmentService segments, boolean secureCookies, Format fmt, Jobs jobs, ImportFolder imports,
          UserAdmin users, Assignments assignments) {
        this.auth = auth;
        this.router = router;
        this.fmt = fmt;
        this.secureCookies = secureCookies;
        Insights in = new Insights(data);
        this.overview = new OverviewPage(in, fmt);
        this.workspace = new WorkspacePage(data, in, segments, fmt, jobs);
        this.customer = new CustomerPage(data, fmt);
        this.insights = new InsightPages(data, in, fmt);
        this.campaigns = new CampaignResultsPage(data, fmt);
        RunHistory runs = new RunHistory(data.db());
        this.jobsPage = new JobsPage(jobs, imports, runs, auth, data.db(), fmt);
        this.runsPage = new RunsPage(runs, fmt);
        this.admin = new AdminPages(users, assignments, data.db(), fmt);
    }

    List<Endpoint> endpoints() {
        Set<Role> ws = EnumSet.of(CCO, SEGMENT_MANAGER);
        List<Endpoint> e = new ArrayList<>();
        e.add(page("GET", "/favicon.ico", Set.of(), "No icon (204), so browsers log no failed request", ctx -> ctx.status(204)));
        e.addAll(new SignIn(auth, secureCookies).endpoints());
        e.add(page("GET", "/", Endpoint.ALL, "Home: the page of the user's role", this::home));
        e.add(page("GET", "/overview", Api.READERS, "CCO overview", overview::show));
        e.add(page("GET", "/workspace", ws, "Segment manager workspace", workspace::show));
        e.add(page("GET", "/workspace/customers", ws, "Workspace: a segment's customers (htmx fragment)", workspace::customers));
        e.add(page("GET", "/workspace/count", ws, "Workspace: live count of a rule (htmx fragment)", workspace::count));
        e.add(page("POST", "/workspace/segment", ws, "Workspace: save rule, description, budget (form)", workspace::save));
        e.add(page("POST", "/workspace/allocate", EnumSet.of(CCO), "Workspace: allocate a budget across the segments, as a job (form)",
                workspace::allocate));
        e.add(page("GET", "/customers/{id}", Api.CUSTOMER_READERS, "Customer 360", customer::show));
        e.add(page("GET", "/brands", Api.READERS, "Brand portfolio", insights::brands));
        e.add(page("GET", "/validation", Api.READERS, "Model validation", insights::validation));
        e.add(page("GET", "/campaigns", ws, "Campaign results: arms, incremental response and margin with intervals", campaigns::show));
        e.add(page("GET", "/desk", EnumSet.of(CCO, ANALYST, AGENT), "Service desk", this::desk));
        e.add(page("GET", "/jobs", Api.READERS, "Jobs: start an analysis, watch its progress", jobsPage::show));
        e.add(page("GET", "/jobs/table", Api.READERS, "Jobs: the table of jobs (htmx fragment, refreshed while one runs)", jobsPage::table));
        e.add(page("POST", "/jobs/analyze", Api.READERS, "Jobs: start an analysis (form)", jobsPage::analyze));
        e.add(page("POST", "/jobs/upload", Api.READERS, "Jobs: upload a transactions file (multipart form)", jobsPage::upload));
        e.add(page("GET", "/runs", Api.READERS, "Run history", runsPage::list));
        e.add(page("GET", "/runs/compare", Api.READERS, "Two runs side by side", runsPage::compare));
        e.add(page("GET", "/users", EnumSet.of(CCO), "Users: add, change role and segments, delete", admin::users));
        e.add(page("POST", "/users", EnumSet.of(CCO), "Users: add a user (form)", admin::add));
        e.add(page("POST", "/users/{name}", EnumSet.of(CCO), "Users: change a user's role and segments (form)", admin::change));
        e.add(page("POST", "/users/{name}/delete", EnumSet.of(CCO), "Users: delete a user (form)", admin::delete));
        e.add(page("GET", "/audit", EnumSet.of(CCO), "Audit log, paged", admin::audit));
        return e;
    }

    public static Endpoint page(String method, String path, Set<Role> roles, String summary, Handler h) {
        return new Endpoint(method, path, roles, true, "pages", summary, h);
    }

    /** Renders a template of several parameters (the sign-in form, fragments). */
    public static void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        JTE.render(template, params, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    /** Renders a template of one typed model. */
    public static void render(Context ctx, String template, Object model) {
        StringOutput out = new StringOutput();
        JTE.render(template, model, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    static View.Page frame(Context ctx, String title, String active) {
        Auth.Session s = ctx.attribute("session");
        return new View.Page(title, Api.user(ctx), s == null ? "" : s.csrf(), active);
    }

    /**
     * Whether an error should be an HTML page: a browser (it accepts text/html) asking for a page, not the API.
     *
     * @param ctx the request
     * @return true for an HTML error page
     */
    static boolean wantsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        String path = ctx.path();
        return accept != null && accept.contains("text/html") && !path.startsWith("/api/") && !path.equals("/health")
                && !path.startsWith("/static/") && !path.startsWith("/webjars/") && ctx.header("HX-Request") == null;
    }

    /**
     * Answers an error as an HTML page with the navigation of the signed-in user (if known).
     *
     * @param ctx the request
     * @param status 403, 404, ...
     * @param message what went wrong
     * @param user the user, or null
     * @param csrf the session's CSRF token, or empty
     */
    static void errorPage(Context ctx, int status, String message, User user, String csrf) {
        String title = switch (status) {
            case 403 -> "Not allowed";
            case 404 -> "Page not found";
            case 405 -> "Not allowed here";
            default -> status >= 500 ? "Something went wrong" : "Cannot show this page";
        };
        render(ctx, "error.jte", new Models.ErrorPage(new View.Page(title, user, csrf, ""), status, Printable.text(message)));
        ctx.status(status);
    }

    private void home(Context ctx) {
        Role r = Api.user(ctx).role();
        ctx.redirect(r == SEGMENT_MANAGER ? "/workspace" : r == AGENT ? "/desk" : "/overview", HttpStatus.SEE_OTHER);
    }

    private void desk(Context ctx) {
        String contact = Optional.ofNullable(ctx.queryParam("contact")).orElse("").strip();
        ContactRouter.Route route = contact.isEmpty() ? null : router.route(contact).orElse(null);
        String clv = route == null || route.clv() == null ? "not scored" : fmt.value(Format.Kind.MONEY, route.clv());
        String pct = route == null || route.clvPercentile() == null ? "" : fmt.value(Format.Kind.SHARE, route.clvPercentile());
        render(ctx, "desk.jte", new Models.Desk(frame(ctx, "Service desk", "/desk"), contact, route, !contact.isEmpty() && route == null,
                clv, pct));
    }
}
