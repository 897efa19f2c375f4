package org.rapport.server;

import org.rapport.store.ConnectionPool;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rapport.server.api.Api;
import org.rapport.server.api.ApiError;
import org.rapport.server.auth.Auth;
import org.rapport.server.jobs.AnalyzeSettings;
import org.rapport.server.jobs.ImportFolder;
import org.rapport.server.jobs.Jobs;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Models;
import org.rapport.server.web.Pager;
import org.rapport.server.web.Table;
import org.rapport.server.web.Table.Column;

/**
 * The Jobs page (analyst, cco): start an analysis on a file of the import folder or an upload, with
 * the last run's settings by default; a run without a calibration date (no holdout, so no
 * validation) must be confirmed; the jobs with their progress (refreshed while one runs), settings
 * and failures in words.
 */
final class JobsPage {
    /** Jobs per page. */
    static final int PAGE = 20;
    /** The warning a run without a calibration date needs confirmed. */
    static final String NO_HOLDOUT = "Without a calibration date the run keeps no holdout period: its validation (holdout error, tracking"
            + " plot) is dropped and the model is chosen on all the data, so it cannot be checked against later purchases."
            + " Give a calibration date, or tick \"Run without a holdout\" to go ahead.";

    private final Jobs jobs;
    private final ImportFolder imports;
    private final RunHistory runs;
    private final Auth auth;
    private final ConnectionPool db;
    private final Format fmt;

    JobsPage(Jobs jobs, ImportFolder imports, RunHistory runs, Auth auth, ConnectionPool db, Format fmt) {
        this.jobs = jobs;
        this.imports = imports;
        this.runs = runs;
        this.auth = auth;
        this.db = db;
        this.fmt = fmt;
    }

    void show(Context ctx) {
        Optional<RunHistory.Run> last = runs.latest();
        // the form: what was typed (after an error), else the last run's settings
        String file = Optional.ofNullable(ctx.queryParam("file")).orElse("");
        boolean typed = ctx.queryParam("model") != null;
        String cal = typed ? q(ctx, "calibrationEnd") : last.filter(RunHistory.Run::holdout).map(r -> r.calibrationEnd().toString()).orElse("");
        String model = typed ? q(ctx, "model") : last.map(r -> r.modelChoice() == null ? "auto" : r.modelChoice()).orElse("auto");
        String months = typed ? q(ctx, "clvMonths") : last.map(r -> r.clvMonths() == null ? "" : String.valueOf(r.clvMonths())).orElse("");
        String rate = typed ? q(ctx, "discountRate") : last.map(r -> r.discountRate() == null ? "" : plain(r.discountRate() * 100)).orElse("");
        String lastRun = last.map(r -> "The form holds the settings of run " + r.runId() + " (" + RunsPage.model(r) + ", "
                + (r.holdout() ? "calibration end " + fmt.value(Kind.DATE, r.calibrationEnd().toString()) : "no holdout") + ").").orElse("");
        List<String[]> files = new ArrayList<>();
        for (Map.Entry<String, Long> f : imports.files()) {
            files.add(new String[] {f.getKey(), f.getKey() + " (" + size(f.getValue()) + ")"});
        }
        Models.JobForm form = new Models.JobForm(files, file, cal, model, months, rate, AnalyzeSettings.MODELS, lastRun);
        Models.JobList list = list(ctx);
        Pages.render(ctx, "jobs.jte", new Models.Jobs(Pages.frame(ctx, "Jobs", "/jobs"), q(ctx, "error"), q(ctx, "warning"),
                q(ctx, "started"), q(ctx, "uploaded"), form, list));
    }

    void table(Context ctx) {
        Pages.render(ctx, "jobtable.jte", list(ctx));
    }

    private Models.JobList list(Context ctx) {
        List<Jobs.Status> all = jobs.list();
        Pager p = new Pager("/jobs", Map.of(), "-job", Pager.page(ctx.queryParam("page")), PAGE, all.size(), Map.of());
        List<Column> cols = List.of(new Column("Job", Kind.ID, ""), new Column("Work on", Kind.TEXT, ""), new Column("Started by", Kind.TEXT, ""),
                new Column("State", Kind.TEXT, ""), new Column("Progress", Kind.TEXT, ""), new Column("Submitted", Kind.DATE, ""),
                new Column("Finished", Kind.DATE, ""), new Column("Settings", Kind.TEXT, "", true), new Column("Result", Kind.TEXT, "", true));
        List<List<String>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        boolean active = false;
        for (Jobs.Status s : p.slice(all)) {
            active |= s.state() == Jobs.State.QUEUED || s.state() == Jobs.State.RUNNING;
            String settings = AnalyzeSettings.of(db, s.id()).map(AnalyzeSettings::describe).orElse("");
            rows.add(List.of(String.valueOf(s.id()), s.file() == null ? "" : s.file(), s.user() == null ? "" : s.user(), state(s), progress(s),
                    fmt.value(Kind.DATE, s.submitted().toString()), s.finished() == null ? "" : fmt.value(Kind.DATE, s.finished().toString()),
                    settings, result(s)));
            links.add(s.runId() == null ? "" : "/runs/compare?a=" + s.runId());
        }
        return new Models.JobList(new Table("Jobs, newest first", cols, rows, ""), p, links, active);
    }

    private static String state(Jobs.Status s) {
        return switch (s.state()) {
            case QUEUED -> "waiting";
            case RUNNING -> "running";
            case SUCCEEDED -> "done";
            case FAILED -> "failed";
        };
    }

    private static String progress(Jobs.Status s) {
        if (s.state() == Jobs.State.SUCCEEDED) {
            return "complete";
        }
        String stage = s.stage() == null ? "" : s.stage();
        if (s.state() == Jobs.State.FAILED) {
            return "stopped in " + stage;
        }
        if (s.total() > 0) {
            return String.format(Locale.ROOT, "%s: %d%%", stage, Math.round(100.0 * s.done() / s.total()));
        }
        return s.done() > 0 ? String.format(Locale.ROOT, "%s: %,d done", stage, s.done()) : stage;
    }

    private static String result(Jobs.Status s) {
        if (s.state() == Jobs.State.SUCCEEDED && s.runId() != null) {
            return "Run " + s.runId() + " saved";
        }
        if (s.state() == Jobs.State.FAILED) {
            return "Failed: " + Optional.ofNullable(s.message()).orElse("no reason given");
        }
        return Optional.ofNullable(s.message()).orElse("");
    }

    void analyze(Context ctx) {
        String file = Optional.ofNullable(ctx.formParam("file")).orElse("").strip();
        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("file", file);
        for (String k : List.of("calibrationEnd", "model", "clvMonths", "discountRate")) {
            typed.put(k, Optional.ofNullable(ctx.formParam(k)).orElse(""));
        }
        if (file.isEmpty()) {
            back(ctx, typed, "error", "file: choose a file of the import folder, or upload one first");
            return;
        }
        AnalyzeSettings settings;
        try {
            settings = AnalyzeSettings.parse(typed.get("calibrationEnd"), typed.get("model"), typed.get("clvMonths"), typed.get("discountRate"));
        } catch (ApiError e) {
            back(ctx, typed, "error", e.getMessage());
            return;
        }
        if (settings.calibrationEnd() == null && ctx.formParam("noHoldout") == null) {
            back(ctx, typed, "warning", NO_HOLDOUT);
            return;
        }
        Jobs.Status s;
        try {
            s = jobs.submitAnalyze(imports.resolve(file), file, settings.apply(), Api.user(ctx).name());
        } catch (ApiError e) {
            back(ctx, typed, "error", e.getMessage());
            return;
        }
        settings.save(db, s.id());
        auth.audit(Api.user(ctx).name(), "job.analyze", file, null, Map.of("job", s.id(), "settings", settings.describe()));
        ctx.redirect("/jobs?started=" + s.id(), HttpStatus.SEE_OTHER);
    }

    void upload(Context ctx) throws IOException {
        UploadedFile f = ctx.uploadedFile("file");
        if (f == null || f.filename() == null || f.filename().isBlank()) {
            back(ctx, Map.of(), "error", "file: choose a CSV or Parquet file to upload");
            return;
        }
        String name;
        try (InputStream in = f.content()) {
            name = imports.save(f.filename(), in);
        } catch (ApiError e) {
            back(ctx, Map.of(), "error", e.getMessage());
            return;
        }
        long bytes = java.nio.file.Files.size(imports.root().resolve(name));
        auth.audit(Api.user(ctx).name(), "upload", name, null, Map.of("bytes", bytes));
        ctx.redirect("/jobs?uploaded=" + enc(name) + "&file=" + enc(name), HttpStatus.SEE_OTHER);
    }

    private static void back(Context ctx, Map<String, String> typed, String kind, String message) {
        StringBuilder b = new StringBuilder("/jobs?").append(kind).append('=').append(enc(message));
        typed.forEach((k, v) -> b.append('&').append(k).append('=').append(enc(v)));
        ctx.redirect(b.toString(), HttpStatus.SEE_OTHER);
    }

    private static String q(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).orElse("");
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d).replaceAll("0+$", "");
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%,.1f MB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%,.1f kB", bytes / 1024.0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
