package org.rapport.server;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapport.offers.CampaignResults;
import org.rapport.offers.OfferException;
import org.rapport.server.api.Api;
import org.rapport.server.api.ApiError;
import org.rapport.server.auth.Role;
import org.rapport.server.auth.User;
import org.rapport.server.web.CampaignView;
import org.rapport.server.web.Doc;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Table;

/**
 * The campaign results page ({@code /campaigns}): the campaigns exported and, for one, the response of
 * its arms and the incremental response and margin with their 95% intervals (the figures of
 * {@code rapport campaign results}). The CCO sees every campaign; a segment manager the campaigns of
 * their own segments.
 */
final class CampaignResultsPage {
    private final Data data;
    private final Format fmt;

    CampaignResultsPage(Data data, Format fmt) {
        this.data = data;
        this.fmt = fmt;
    }

    void show(Context ctx) {
        User u = Api.user(ctx);
        View.Page page = Pages.frame(ctx, "Campaign results", "/campaigns");
        if (!data.db().tableExists("campaigns")) {
            Pages.render(ctx, "campaigns.jte", new CampaignView(page, null, "", null, null, null, ""));
            return;
        }
        List<Map<String, Object>> all = data.db().rows("SELECT campaign, strftime(sent, '%Y-%m-%d %H:%M:%S') AS sent, selection, channel, "
                + "eligible, control FROM campaigns ORDER BY campaigns.sent DESC, campaign");
        List<Map<String, Object>> mine = all.stream().filter(r -> visible(u, (String) r.get("selection"))).toList();
        Table list = mine.isEmpty() ? null : list(mine);
        String wanted = ctx.queryParam("campaign");
        if (wanted == null || wanted.isBlank()) {
            String missing = mine.isEmpty() && !all.isEmpty() ? "no campaign of your segments yet" : "";
            Pages.render(ctx, "campaigns.jte", new CampaignView(page, list, "", null, null, null, missing));
            return;
        }
        Map<String, Object> row = all.stream().filter(r -> wanted.equals(r.get("campaign"))).findFirst()
                .orElseThrow(() -> ApiError.notFound("no campaign '" + wanted + "'"));
        if (!visible(u, (String) row.get("selection"))) {
            throw ApiError.forbidden("campaign '" + wanted + "' is not of your segments");
        }
        CampaignResults r;
        try {
            r = data.db().with(c -> CampaignResults.run(c, wanted));
        } catch (OfferException e) {
            throw ApiError.notFound(e.getMessage());
        }
        Pages.render(ctx, "campaigns.jte", new CampaignView(page, list, wanted, effect(r), arms(r), challenger(r), ""));
    }

    private Table list(List<Map<String, Object>> rows) {
        List<Table.Column> cols = List.of(new Table.Column("Campaign", Kind.ID, "/campaigns?campaign="), new Table.Column("Sent", Kind.DATE, ""),
                new Table.Column("Selection", Kind.TEXT, ""), new Table.Column("Channel", Kind.TEXT, ""),
                new Table.Column("Eligible", Kind.COUNT, ""), new Table.Column("Control group", Kind.COUNT, ""));
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            cells.add(List.of(fmt.value(Kind.ID, r.get("campaign")), fmt.value(Kind.DATE, r.get("sent")), fmt.value(Kind.TEXT, r.get("selection")),
                    fmt.value(Kind.TEXT, r.get("channel")), fmt.value(Kind.COUNT, r.get("eligible")), fmt.value(Kind.COUNT, r.get("control"))));
        }
        return new Table("Campaigns, latest first", cols, cells, "");
    }

    /** The CCO sees every campaign, a segment manager those selected by one of their segments. */
    static boolean visible(User u, String selection) {
        if (u.role() == Role.CCO) {
            return true;
        }
        return selection != null && selection.startsWith("segment ") && u.segments().contains(selection.substring("segment ".length()));
    }

    private List<Doc.Fact> effect(CampaignResults r) {
        boolean control = r.control().customers() > 0;
        String none = "n/a: no control group";
        return List.of(new Doc.Fact("Sent", Format.date(r.sent().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))), ""),
                new Doc.Fact("Incremental response", control ? signed(Kind.SHARE, r.incrementalResponse()) + " "
                        + between(Kind.SHARE, r.incrementalResponseLow(), r.incrementalResponseHigh()) : none, "num"),
                new Doc.Fact("Incremental margin per treated customer", control ? signed(Kind.MONEY, r.incrementalMarginPerCustomer()) + " "
                        + between(Kind.MONEY, r.incrementalMarginPerCustomerLow(), r.incrementalMarginPerCustomerHigh()) : none, "num"),
                new Doc.Fact("Incremental margin in all", control ? signed(Kind.MONEY0, r.incrementalMargin()) + " "
                        + between(Kind.MONEY0, r.incrementalMarginLow(), r.incrementalMarginHigh()) : none, "num"));
    }

    private Table arms(CampaignResults r) {
        List<Table.Column> cols = List.of(new Table.Column("Arm", Kind.TEXT, ""), new Table.Column("Customers", Kind.COUNT, ""),
                new Table.Column("Bought", Kind.COUNT, ""), new Table.Column("Response", Kind.SHARE, ""),
                new Table.Column("95% interval", Kind.TEXT, ""), new Table.Column("Margin per customer", Kind.MONEY, ""));
        List<List<String>> rows = new ArrayList<>();
        rows.add(arm(r.challenger() == null ? "Treated" : "Champion", r.treated()));
        if (r.challenger() != null) {
            rows.add(arm("Challenger", r.challenger().arm()));
        }
        rows.add(arm("Control (not contacted)", r.control()));
        return new Table("Arms", cols, rows, "");
    }

    private List<String> arm(String name, CampaignResults.Arm a) {
        boolean any = a.customers() > 0;
        return List.of(name, fmt.value(Kind.COUNT, a.customers()), fmt.value(Kind.COUNT, a.responders()),
                any ? fmt.value(Kind.SHARE, a.response()) : "n/a", any ? between(Kind.SHARE, a.responseLow(), a.responseHigh()) : "n/a",
                any ? fmt.value(Kind.MONEY, a.marginPerCustomer()) : "n/a");
    }

    private List<Doc.Fact> challenger(CampaignResults r) {
        CampaignResults.Challenger c = r.challenger();
        if (c == null) {
            return null;
        }
        return List.of(new Doc.Fact("Response, challenger − champion", signed(Kind.SHARE, c.responseDifference()) + " "
                        + between(Kind.SHARE, c.responseDifferenceLow(), c.responseDifferenceHigh()), "num"),
                new Doc.Fact("Margin per customer, challenger − champion", signed(Kind.MONEY, c.marginDifference()) + " "
                        + between(Kind.MONEY, c.marginDifferenceLow(), c.marginDifferenceHigh()), "num"));
    }

    private String signed(Kind k, double v) {
        String s = fmt.value(k, v);
        return v > 0 && !s.startsWith("+") ? "+" + s : s.replace("-", "−");
    }

    private String between(Kind k, double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return "(interval n/a)";
        }
        return "(" + fmt.value(k, lo).replace("-", "−") + " to " + fmt.value(k, hi).replace("-", "−") + ")";
    }
}
