package org.rapport.server;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.rapport.server.api.ApiError;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Models;
import org.rapport.server.web.Pager;
import org.rapport.server.web.Table;
import org.rapport.server.web.Table.Column;

/**
 * The run history (every analysis run with its settings, model, holdout figures and total CLV,
 * sorted and paged by the URL) and the side-by-side comparison of two runs. Every figure comes
 * from {@link RunHistory}, which reads each run's own report data.
 */
final class RunsPage {
    /** Runs per page. */
    static final int PAGE = 20;

    private final RunHistory runs;
    private final Format fmt;

    RunsPage(RunHistory runs, Format fmt) {
        this.runs = runs;
        this.fmt = fmt;
    }

    void list(Context ctx) {
        String sort = Optional.ofNullable(ctx.queryParam("sort")).filter(s -> !s.isBlank()).orElse("-run");
        List<RunHistory.Run> all = runs.sorted(sort);
        Pager p = new Pager("/runs", Map.of(), sort, Pager.page(ctx.queryParam("page")), PAGE, all.size(),
                Map.of(0, "run", 1, "finished", 2, "model", 3, "totalClv", 4, "calibrationEnd", 6, "holdoutMae"));
        List<Column> cols = List.of(new Column("Run", Kind.ID, "/runs/compare?a="), new Column("Finished", Kind.DATE, ""),
                new Column("Model", Kind.TEXT, ""), new Column("Total CLV", Kind.MONEY0, ""), new Column("Calibration end", Kind.DATE, ""),
                new Column("Holdout until", Kind.TEXT, ""), new Column("Holdout MAE", Kind.DECIMAL, ""),
                new Column("Aggregate error", Kind.SHARE, ""), new Column("CLV months", Kind.COUNT, ""),
                new Column("Discount", Kind.SHARE, ""), new Column("Data", Kind.TEXT, ""));
        List<List<String>> rows = new ArrayList<>();
        for (RunHistory.Run r : p.slice(all)) {
            rows.add(List.of(String.valueOf(r.runId()), fmt.value(Kind.DATE, r.finished().toString()), label(r.model()),
                    fmt.value(Kind.MONEY0, r.totalClv()), fmt.value(Kind.DATE, r.calibrationEnd().toString()),
                    r.holdout() ? fmt.value(Kind.DATE, r.holdoutEnd().toString()) : "no holdout",
                    r.holdout() ? fmt.value(Kind.DECIMAL, r.holdoutMae()) : "", r.holdout() ? fmt.value(Kind.SHARE, r.aggregateError()) : "",
                    fmt.value(Kind.COUNT, r.clvMonths()), fmt.value(Kind.SHARE, r.discountRate()), r.source()));
        }
        Table t = new Table("Analysis runs, " + sortLabel(sort), cols, rows, "");
        List<String[]> choices = new ArrayList<>();
        for (RunHistory.Run r : runs.list()) {
            choices.add(new String[] {String.valueOf(r.runId()), "Run " + r.runId() + ", " + fmt.value(Kind.DATE, r.finished().toString()) + ", "
                    + model(r) + ", " + fmt.value(Kind.MONEY0, r.totalClv())});
        }
        String a = choices.size() > 1 ? choices.get(1)[0] : "";
        String b = choices.isEmpty() ? "" : choices.get(0)[0];
        Pages.render(ctx, "runs.jte", new Models.Runs(Pages.frame(ctx, "Run history", "/runs"),
                all.isEmpty() ? "no analysis run yet: start one on the Jobs page (or run rapport analyze)" : "", t, p, choices, a, b));
    }

    private static String sortLabel(String sort) {
        String key = sort.startsWith("-") ? sort.substring(1) : sort;
        String what = switch (key) {
            case "finished" -> "when finished";
            case "model" -> "model";
            case "calibrationEnd" -> "calibration end";
            case "totalClv" -> "total CLV";
            case "holdoutMae" -> "holdout error";
            default -> "run";
        };
        return "by " + what + (sort.startsWith("-") ? ", descending" : ", ascending");
    }

    static String model(RunHistory.Run r) {
        String by = switch (Optional.ofNullable(r.selection()).orElse("")) {
            case "loglik" -> "holdout likelihood";
            case "bic" -> "BIC";
            case "mae" -> "holdout error";
            default -> Optional.ofNullable(r.selection()).orElse("fit");
        };
        String chosen = "auto".equals(r.modelChoice()) || r.modelChoice() == null ? "chosen by " + by : "set by the user";
        return label(r.model()) + " (" + chosen + ")";
    }

    private static String label(String model) {
        return switch (model) {
            case "bgnbd" -> "BG/NBD";
            case "pnbd" -> "Pareto/NBD";
            case "mbgnbd" -> "MBG/NBD";
            case "bgbb" -> "BG/BB";
            default -> model;
        };
    }

    private long runParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            throw ApiError.badRequest(name + ": choose a run to compare");
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": '" + Printable.text(raw) + "' is not a run number");
        }
    }

    void compare(Context ctx) {
        long ida = runParam(ctx, "a");
        RunHistory.Run a = runs.get(ida).orElseThrow(() -> ApiError.notFound("no run " + ida));
        String rawB = ctx.queryParam("b");
        RunHistory.Run b;
        if (rawB == null || rawB.isBlank()) {
            // one run asked for: compare it with the run before it, else the latest
            b = runs.list().stream().filter(r -> r.runId() < ida).findFirst().orElse(runs.latest().orElseThrow());
        } else {
            long idb = runParam(ctx, "b");
            b = runs.get(idb).orElseThrow(() -> ApiError.notFound("no run " + idb));
        }
        // one run only (the store has no other): it is shown alone
        List<RunHistory.Run> two = a.runId() == b.runId() ? List.of(a) : a.runId() < b.runId() ? List.of(a, b) : List.of(b, a);
        List<String> warnings = new ArrayList<>();
        for (RunHistory.Run r : two) {
            if (!r.holdout()) {
                warnings.add("Run " + r.runId() + " has no holdout: it was analysed without a calibration date, so its validation is"
                        + " dropped (no holdout error) and its model was chosen on the calibration data alone.");
            }
        }
        if (two.size() == 2 && !two.get(0).model().equals(two.get(1).model())) {
            warnings.add("The runs use different purchase models (" + label(two.get(0).model()) + ", " + label(two.get(1).model())
                    + "): their parameters are not comparable.");
        }
        List<Table> tables = new ArrayList<>();
        tables.add(table("Settings", two, List.of(
                col("Calibration end", Kind.DATE, r -> r.calibrationEnd().toString()),
                col("Holdout until", Kind.TEXT, r -> r.holdout() ? fmt.value(Kind.DATE, r.holdoutEnd().toString()) : "no holdout"),
                col("Period", Kind.TEXT, r -> Optional.ofNullable(r.periodUnit()).orElse("").toLowerCase(java.util.Locale.ROOT)),
                col("Purchases counted", Kind.TEXT, r -> Optional.ofNullable(r.counting()).orElse("")),
                col("Data", Kind.TEXT, RunHistory.Run::source)), false));
        tables.add(table("Horizon and rates", two, List.of(col("CLV horizon (months)", Kind.COUNT, RunHistory.Run::clvMonths),
                col("Discount rate a year", Kind.SHARE, RunHistory.Run::discountRate),
                col("Margin rate", Kind.SHARE, r -> r.marginRate()), col("Interval level", Kind.SHARE, RunHistory.Run::intervalLevel)), false));
        tables.add(table("Purchase model", two, List.of(col("Model", Kind.TEXT, RunsPage::model),
                col("BIC (fit for scoring)", Kind.DECIMAL, RunHistory.Run::bic), col("Log-likelihood (fit for scoring)", Kind.DECIMAL, RunHistory.Run::logLikelihood)), true));
        Set<String> names = new LinkedHashSet<>();
        two.forEach(r -> names.addAll(r.parameters().keySet()));
        List<Col> params = new ArrayList<>();
        for (String n : names) {
            params.add(col(n, Kind.PARAMETER, r -> r.parameters().get(n)));
        }
        Set<String> spend = new LinkedHashSet<>();
        two.forEach(r -> spend.addAll(r.spendParameters().keySet()));
        for (String n : spend) {
            params.add(col("spend " + n, Kind.PARAMETER, r -> r.spendParameters().get(n)));
        }
        if (!params.isEmpty()) {
            tables.add(table("Parameters", two, params, two.size() == 2 && two.get(0).model().equals(two.get(1).model())));
        }
        tables.add(table("Holdout validation", two, List.of(col("MAE (purchases per customer)", Kind.DECIMAL, RunHistory.Run::holdoutMae),
                col("RMSE", Kind.DECIMAL, RunHistory.Run::holdoutRmse), col("Aggregate error", Kind.SHARE, RunHistory.Run::aggregateError)), true));
        tables.add(table("Totals", two, List.of(col("Customers scored", Kind.COUNT, RunHistory.Run::customers),
                col("Expected alive", Kind.COUNT, RunHistory.Run::expectedAlive), col("Total CLV", Kind.MONEY0, RunHistory.Run::totalClv)), true));
        String title = two.size() == 1 ? "Run " + a.runId() + " (no other run to compare it with)"
                : "Runs " + two.get(0).runId() + " and " + two.get(1).runId() + " side by side";
        Pages.render(ctx, "compare.jte", new Models.Compare(Pages.frame(ctx, title, "/runs"), warnings, tables));
    }

    private record Col(String label, Kind kind, Function<RunHistory.Run, Object> value) {
    }

    private static Col col(String label, Kind kind, Function<RunHistory.Run, Object> value) {
        return new Col(label, kind, value);
    }

    /** A table of the two runs as rows, one figure per column (so a column has one kind), and their change. */
    private Table table(String title, List<RunHistory.Run> two, List<Col> cols, boolean change) {
        List<Column> cs = new ArrayList<>();
        cs.add(new Column("Run", Kind.TEXT, ""));
        cols.forEach(c -> cs.add(new Column(c.label(), c.kind(), "")));
        List<List<String>> rows = new ArrayList<>();
        for (RunHistory.Run r : two) {
            List<String> line = new ArrayList<>();
            line.add("Run " + r.runId());
            cols.forEach(c -> line.add(cell(c, r)));
            rows.add(line);
        }
        if (change && two.size() == 2) {
            List<String> line = new ArrayList<>();
            line.add("Change");
            for (Col c : cols) {
                Object x = c.value().apply(two.get(0));
                Object y = c.value().apply(two.get(1));
                line.add(c.kind().numeric() && x instanceof Number nx && y instanceof Number ny
                        ? signed(c.kind(), ny.doubleValue() - nx.doubleValue()) : "");
            }
            rows.add(line);
        }
        return new Table(title, cs, rows, "");
    }

    private String cell(Col c, RunHistory.Run r) {
        Object v = c.value().apply(r);
        if (v == null) {
            return "";
        }
        return v instanceof String s && c.kind() == Kind.TEXT ? s : fmt.value(c.kind(), v);
    }

    private String signed(Kind kind, double d) {
        String s = fmt.value(kind, Math.abs(d));
        return d > 0 ? "+" + s : d < 0 ? "−" + s : s;
    }
}
