package org.rapport.server;

import org.rapport.store.ConnectionPool;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapport.server.api.Api;
import org.rapport.server.api.ApiError;
import org.rapport.server.api.Json;
import org.rapport.server.api.UsersApi;
import org.rapport.server.auth.Assignments;
import org.rapport.server.auth.Role;
import org.rapport.server.auth.User;
import org.rapport.server.auth.UserAdmin;
import org.rapport.server.web.Fields;
import org.rapport.server.web.Format;
import org.rapport.server.web.Format.Kind;
import org.rapport.server.web.Models;
import org.rapport.server.web.Pager;
import org.rapport.server.web.Table;
import org.rapport.server.web.Table.Column;

/**
 * The cco's administration: users (add, change role and segments, delete; the same rules as the
 * API and {@code rapport users}) and the audit log, paged, newest first, every change in words.
 */
final class AdminPages {
    /** Audit rows per page. */
    static final int AUDIT_PAGE = 50;

    private final UserAdmin admin;
    private final Assignments assignments;
    private final ConnectionPool db;
    private final Format fmt;

    AdminPages(UserAdmin admin, Assignments assignments, ConnectionPool db, Format fmt) {
        this.admin = admin;
        this.assignments = assignments;
        this.db = db;
        this.fmt = fmt;
    }

    void users(Context ctx) {
        List<User> users = admin.users().stream().map(assignments::effective).toList();
        List<String> segments = db.tableExists("segments") ? db.query("SELECT name FROM segments ORDER BY name", rs -> rs.getString(1)) : List.of();
        List<String> roles = Arrays.stream(Role.values()).map(Role::id).toList();
        Pages.render(ctx, "users.jte", new Models.Users(Pages.frame(ctx, "Users", "/users"), q(ctx, "error"), q(ctx, "done"), users, roles,
                segments, Api.user(ctx).name(), q(ctx, "name"), q(ctx, "role"), q(ctx, "segments")));
    }

    private static List<String> list(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    void add(Context ctx) {
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        String role = Optional.ofNullable(ctx.formParam("role")).orElse("");
        String segments = Optional.ofNullable(ctx.formParam("segments")).orElse("");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Map<String, String> typed = Map.of("name", name, "role", role, "segments", segments);
        try {
            if (password.length() < 8) {
                throw ApiError.badRequest("password: give a first password of at least 8 characters (the user changes it after signing in)");
            }
            admin.add(name, UsersApi.role(role), list(segments), password.toCharArray(), Api.user(ctx).name());
        } catch (ApiError | IllegalArgumentException e) {
            back(ctx, e.getMessage(), typed);
            return;
        } finally {
            assignments.reload();
        }
        ctx.redirect("/users?done=" + enc("User " + name + " added."), HttpStatus.SEE_OTHER);
    }

    void change(Context ctx) {
        String name = ctx.pathParam("name");
        User u = admin.users().stream().filter(x -> x.name().equals(name)).findFirst().map(assignments::effective)
                .orElseThrow(() -> ApiError.notFound("no user '" + name + "'"));
        Role role;
        try {
            role = UsersApi.role(ctx.formParam("role"));
        } catch (ApiError e) {
            back(ctx, e.getMessage(), Map.of());
            return;
        }
        List<String> wanted = list(ctx.formParam("segments"));
        String by = Api.user(ctx).name();
        try {
            if (role != u.role()) {
                if (name.equals(by)) {
                    throw new IllegalArgumentException("role: you cannot change your own role (another cco can)");
                }
                admin.changeRole(name, role, wanted, by);
            } else if (role == Role.SEGMENT_MANAGER) {
                List<String> add = wanted.stream().filter(s -> !u.segments().contains(s)).toList();
                List<String> remove = u.segments().stream().filter(s -> !wanted.contains(s)).toList();
                if (wanted.isEmpty()) {
                    throw new IllegalArgumentException("segments: a segment manager keeps at least one segment (change the role to take them all)");
                }
                if (!add.isEmpty() || !remove.isEmpty()) {
                    admin.changeSegments(name, add, remove, by);
                }
            } else if (!wanted.isEmpty()) {
                throw new IllegalArgumentException("segments: only segment managers have segments, not a " + role.id());
            }
        } catch (IllegalArgumentException e) {
            back(ctx, name + ": " + e.getMessage(), Map.of());
            return;
        } finally {
            assignments.reload();
        }
        ctx.redirect("/users?done=" + enc("User " + name + " saved."), HttpStatus.SEE_OTHER);
    }

    void delete(Context ctx) {
        String name = ctx.pathParam("name");
        if (name.equals(Api.user(ctx).name())) {
            back(ctx, "You cannot delete your own user (another cco can).", Map.of());
            return;
        }
        List<String> orphaned;
        try {
            orphaned = admin.delete(name, Api.user(ctx).name());
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        } finally {
            assignments.reload();
        }
        ctx.redirect("/users?done=" + enc("User " + name + " deleted" + (orphaned.isEmpty() ? "." : "; segments now without a manager: "
                + String.join(", ", orphaned) + ".")), HttpStatus.SEE_OTHER);
    }

    void audit(Context ctx) {
        long total = db.queryLong("SELECT count(*) FROM audit_log");
        String sort = Optional.ofNullable(ctx.queryParam("sort")).filter(s -> !s.isBlank()).orElse("-when");
        if (!sort.equals("-when") && !sort.equals("when")) {
            throw ApiError.badRequest("sort: '" + Printable.text(sort) + "' is not one of when, -when");
        }
        Pager p = new Pager("/audit", Map.of(), sort, Pager.page(ctx.queryParam("page")), AUDIT_PAGE, total, Map.of(0, "when"));
        List<Map<String, Object>> rows = db.rows("SELECT changed_at, user_name, action, target, before_json, after_json FROM audit_log ORDER BY audit_id "
                + (sort.startsWith("-") ? "DESC" : "ASC") + " LIMIT ? OFFSET ?", AUDIT_PAGE, p.offset());
        List<Column> cols = List.of(new Column("When", Kind.DATE, ""), new Column("Who", Kind.TEXT, ""), new Column("Change", Kind.TEXT, ""),
                new Column("Of", Kind.TEXT, ""), new Column("Before", Kind.TEXT, "", true), new Column("After", Kind.TEXT, "", true));
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            cells.add(List.of(fmt.value(Kind.DATE, String.valueOf(r.get("changed_at"))), String.valueOf(r.get("user_name")),
                    action(String.valueOf(r.get("action"))), String.valueOf(r.get("target")), words((String) r.get("before_json")),
                    words((String) r.get("after_json"))));
        }
        Pages.render(ctx, "audit.jte", new Models.Audit(Pages.frame(ctx, "Audit log", "/audit"),
                new Table("Changes, " + (sort.startsWith("-") ? "newest" : "oldest") + " first", cols, cells, ""), p));
    }

    private static String action(String a) {
        return switch (a) {
            case "user.add" -> "user added";
            case "user.delete" -> "user deleted";
            case "user.role" -> "role changed";
            case "user.segments" -> "segments of a user";
            case "user.revoke" -> "tokens revoked";
            case "user.token" -> "token issued";
            case "user.password" -> "password changed";
            case "segment.create" -> "segment created";
            case "segment.manager" -> "segment manager";
            case "upload" -> "file uploaded";
            case "job.analyze" -> "analysis started";
            default -> a.startsWith("segment.") ? "segment " + a.substring(8) : a;
        };
    }

    /** A stored JSON value in words: lists joined, records as "field: value" pairs, numbers formatted. */
    private String words(String json) {
        if (json == null || json.isBlank()) {
            return "";
        }
        try {
            return words(Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            return Format.text(json);
        }
    }

    private String words(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return "none";
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(x -> parts.add(words(x)));
            return parts.isEmpty() ? "none" : String.join(", ", parts);
        }
        if (n.isObject()) {
            Map<String, String> parts = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> parts.put(Fields.label(e.getKey()).toLowerCase(java.util.Locale.ROOT), words(e.getValue())));
            List<String> out = new ArrayList<>();
            parts.forEach((k, v) -> out.add(k + " " + v));
            return String.join("; ", out);
        }
        if (n.isNumber()) {
            return n.isIntegralNumber() ? fmt.value(Kind.COUNT, n.asLong()) : fmt.value(Kind.DECIMAL, n.asDouble());
        }
        return Format.text(n.asText());
    }

    private static void back(Context ctx, String error, Map<String, String> typed) {
        StringBuilder b = new StringBuilder("/users?error=").append(enc(error));
        typed.forEach((k, v) -> b.append('&').append(k).append('=').append(enc(v)));
        ctx.redirect(b.toString(), HttpStatus.SEE_OTHER);
    }

    private static String q(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).orElse("");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
