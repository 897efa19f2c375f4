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
