package org.rapport.server.auth;

import org.rapport.server.api.ApiError;

import org.rapport.server.RapportServer;
import org.rapport.server.api.Endpoint;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * The gate every route passes: authentication (bearer token, else the session cookie), the user's
 * current segments ({@link Assignments}), the role check of the route table, CSRF on state-changing
 * requests of a cookie session; then the handler.
 */
public final class Gate {
    private final Auth auth;
    private final Assignments assignments;

    public Gate(Auth auth, Assignments assignments) {
        this.auth = auth;
        this.assignments = assignments;
    }

    /**
     * @param ctx the request
     * @return the signed-in user (bearer token first, then the session cookie), if any
     */
    private Optional<Auth.Session> session(Context ctx) {
        return auth.session(ctx.cookie(RapportServer.SESSION_COOKIE));
    }

    public void handle(Endpoint e, Context ctx) throws Exception {
        if (e.isPublic()) {
            // signed in or not: a valid token or session makes the user known (e.g. /health shows more to the cco)
            String bearer = ctx.header("Authorization");
            if (bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
                auth.checkToken(bearer.substring(7)).ifPresent(u -> ctx.attribute("user", assignments.effective(u)));
            } else {
                session(ctx).ifPresent(s -> {
                    ctx.attribute("user", assignments.effective(s.user()));
                    ctx.attribute("session", s);
                });
            }
            e.handler().handle(ctx);
            return;
        }
        String authz = ctx.header("Authorization");
        User user = null;
        Auth.Session session = null;
        if (authz != null) {
            if (!authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new ApiError(401, "Authorization must be 'Bearer TOKEN'");
            }
            user = auth.checkToken(authz.substring(7)).orElseThrow(() -> new ApiError(401, "unknown or revoked API token"));
        } else {
            session = session(ctx).orElse(null);
            user = session == null ? null : session.user();
        }
        if (user == null) {
            if (e.page() && e.method().equals("GET")) {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(ctx.path(), java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
                return;
            }
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "sign in first: send Authorization: Bearer TOKEN (rapport users add NAME --role ROLE --token)");
        }
        // a segment manager's segments are those assigned now, not those of the cached user
        user = assignments.effective(user);
        ctx.attribute("user", user);
        ctx.attribute("session", session);
        if (!e.roles().contains(user.role())) {
            throw ApiError.forbidden("the " + user.role().id() + " role may not use " + e.method() + " " + e.path());
        }
        if (session != null && e.changesState()) {
            String sent = Optional.ofNullable(ctx.header("X-CSRF-Token")).orElseGet(() -> formParam(ctx, "_csrf"));
            if (!Auth.sameToken(sent, session.csrf())) {
                throw ApiError.forbidden("CSRF token missing or wrong: reload the page and try again");
            }
        }
        e.handler().handle(ctx);
    }

    static String formParam(Context ctx, String name) {
        String type = ctx.contentType();
        if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
            return ctx.formParam(name);
        }
        return null;
    }
}
