package org.rapport.server.api;

import org.rapport.server.auth.Assignments;
import org.rapport.server.auth.Role;
import org.rapport.server.auth.User;
import org.rapport.server.auth.UserAdmin;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** User administration for the cco: delete a user, add and remove a segment manager's segments (audited). */
public final class UsersApi {
    private final UserAdmin admin;
    private final Assignments assignments;

    public UsersApi(UserAdmin admin, Assignments assignments) {
        this.admin = admin;
        this.assignments = assignments;
    }

    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/api/v1/users", EnumSet.of(Role.CCO), false, "meta", "Every user with role and segments, by name",
                        ctx -> Api.json(ctx, admin.users().stream().map(assignments::effective).toList())),
                new Endpoint("POST", "/api/v1/users", EnumSet.of(Role.CCO), false, "meta",
                        "Add a user {name, role, segments, password}; a segment manager's segments get them as manager", this::add),
                new Endpoint("PUT", "/api/v1/users/{name}/role", EnumSet.of(Role.CCO), false, "meta",
                        "Change a user's role {role, segments}: segments they managed are left without a manager", this::role),
                new Endpoint("DELETE", "/api/v1/users/{name}", EnumSet.of(Role.CCO), false, "meta",
                        "Delete a user, their tokens and sessions; segments they managed are left without a manager", this::delete),
                new Endpoint("PUT", "/api/v1/users/{name}/segments", EnumSet.of(Role.CCO), false, "meta",
                        "Add and remove a segment manager's segments {add: [..], remove: [..]}; an added segment gets them as manager",
                        this::segments));
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        User by = Api.user(ctx);
        if (name.equals(by.name())) {
            throw ApiError.badRequest("the cco cannot delete their own user here: use rapport users delete while the server is stopped");
        }
        List<String> orphaned;
        try {
            orphaned = admin.delete(name, by.name());
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(e.getMessage());
        }
        assignments.reload();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", name);
        m.put("deleted", true);
        m.put("segmentsWithoutManager", orphaned);
        Api.json(ctx, m);
    }

    private void add(Context ctx) {
        JsonNode b = Api.body(ctx);
        String name = Api.text(b, "name");
        if (name == null || name.isBlank()) {
            throw ApiError.badRequest("name: required");
        }
        Role role = role(Api.text(b, "role"));
        String password = Api.text(b, "password");
        User u;
        try {
            u = admin.add(name, role, names(b, "segments"), password == null ? null : password.toCharArray(), Api.user(ctx).name());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().contains("exists already") ? new ApiError(409, e.getMessage()) : ApiError.badRequest(e.getMessage());
        } finally {
            assignments.reload();
        }
        ctx.status(201);
        Api.json(ctx, assignments.effective(u));
    }

    private void role(Context ctx) {
        String name = ctx.pathParam("name");
        JsonNode b = Api.body(ctx);
        Role role = role(Api.text(b, "role"));
        if (name.equals(Api.user(ctx).name())) {
            throw ApiError.badRequest("role: the cco cannot change their own role (another cco can)");
        }
        User u;
        try {
            u = admin.changeRole(name, role, names(b, "segments"), Api.user(ctx).name());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("no user ") ? ApiError.notFound(e.getMessage()) : ApiError.badRequest(e.getMessage());
        } finally {
            assignments.reload();
        }
        Api.json(ctx, assignments.effective(u));
    }

    /**
     * @param raw a role as sent
     * @return the role
     * @throws ApiError 400 naming the field
     */
    public static Role role(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiError.badRequest("role: required, one of cco, analyst, segment_manager, agent");
        }
        try {
            return Role.parse(raw.strip());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("role: '" + org.rapport.server.Printable.text(raw) + "' is not one of cco, analyst, segment_manager, agent");
        }
    }

    private static List<String> names(JsonNode b, String field) {
        JsonNode v = b.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw ApiError.badRequest(field + ": must be a list of segment names");
        }
        for (JsonNode n : v) {
            if (!n.isTextual()) {
                throw ApiError.badRequest(field + ": must be a list of segment names");
            }
            out.add(n.asText());
        }
        return out;
    }

    private void segments(Context ctx) {
        String name = ctx.pathParam("name");
        JsonNode b = Api.body(ctx);
        User u;
        try {
            u = admin.changeSegments(name, names(b, "add"), names(b, "remove"), Api.user(ctx).name());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("no user ") ? ApiError.notFound(e.getMessage()) : ApiError.badRequest(e.getMessage());
        } finally {
            assignments.reload();
        }
        Api.json(ctx, assignments.effective(u));
    }
}
