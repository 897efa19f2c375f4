package org.rapport.server.api;

import org.rapport.server.Printable;
import org.rapport.server.auth.Auth;
import org.rapport.store.ConnectionPool;
import org.rapport.server.jobs.AnalyzeSettings;
import org.rapport.server.jobs.ImportFolder;
import org.rapport.server.jobs.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs and their input: {@code POST /api/v1/uploads} saves a file into the import folder, {@code POST
 * /api/v1/jobs} runs an analysis on a file of that folder ({@link ImportFolder}), never on another
 * path of the server.
 */
public final class JobsApi {
    private final Jobs jobs;
    private final ImportFolder imports;
    private final Auth auth;
    private final ConnectionPool db;

    public JobsApi(Jobs jobs, ImportFolder imports, Auth auth, ConnectionPool db) {
        this.db = db;
        this.jobs = jobs;
        this.imports = imports;
        this.auth = auth;
    }

    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST", "/api/v1/uploads", Api.READERS, false, "jobs",
                        "Upload a transactions file (multipart/form-data, part 'file': CSV or Parquet) into the import folder → {file}",
                        this::upload),
                new Endpoint("POST", "/api/v1/jobs", Api.READERS, false, "jobs",
                        "Start a job {kind: analyze, file (a name in the import folder), calibrationEnd, model, clvMonths, discountRate (percent)}", this::submit),
                new Endpoint("GET", "/api/v1/jobs", Api.READERS, false, "jobs", "Jobs, newest first", ctx -> Api.json(ctx, jobs.list())),
                new Endpoint("GET", "/api/v1/jobs/{id}", Api.READERS, false, "jobs", "A job's status and progress", this::job));
    }

    private void upload(Context ctx) throws IOException {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiError.badRequest("send the file as multipart/form-data with a part named 'file'");
        }
        UploadedFile f = ctx.uploadedFile("file");
        if (f == null) {
            throw ApiError.badRequest("file: no part named 'file' in the upload");
        }
        String name;
        try (InputStream in = f.content()) {
            name = imports.save(f.filename(), in);
        }
        long bytes = java.nio.file.Files.size(imports.root().resolve(name));
        auth.audit(Api.user(ctx).name(), "upload", name, null, Map.of("bytes", bytes));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", name);
        m.put("bytes", bytes);
        ctx.status(201);
        Api.json(ctx, m);
    }

    private void submit(Context ctx) {
        JsonNode b = Api.body(ctx);
        String kind = Api.text(b, "kind");
        if (!"analyze".equals(kind)) {
            throw ApiError.badRequest("kind: only 'analyze' is known, not '" + Printable.text(kind) + "'");
        }
        String file = Api.text(b, "file");
        if (file == null || file.isBlank()) {
            throw ApiError.badRequest("file: the name of a transactions file in the import folder is required (upload one with POST /api/v1/uploads)");
        }
        AnalyzeSettings settings = AnalyzeSettings.parse(Api.text(b, "calibrationEnd"), Api.text(b, "model"), scalar(b, "clvMonths"),
                scalar(b, "discountRate"));
        Path path = imports.resolve(file);
        Jobs.Status s = jobs.submitAnalyze(path, file, settings.apply(), Api.user(ctx).name());
        settings.save(db, s.id());
        auth.audit(Api.user(ctx).name(), "job.analyze", file, null, Map.of("job", s.id(), "settings", settings.describe()));
        ctx.status(202).header("Location", "/api/v1/jobs/" + s.id());
        Api.json(ctx, s);
    }

    /** A number field as typed (a JSON number or text), null when absent. */
    private static String scalar(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() && !v.isTextual()) {
            throw ApiError.badRequest(field + ": must be a number");
        }
        return v.asText();
    }

    private void job(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("id: '" + Printable.text(ctx.pathParam("id")) + "' is not a job id");
        }
        Api.json(ctx, jobs.get(id).orElseThrow(() -> ApiError.notFound("no job " + id)));
    }
}
