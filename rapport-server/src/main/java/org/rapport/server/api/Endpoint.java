package org.rapport.server.api;

import org.rapport.server.auth.Role;
import io.javalin.http.Handler;
import java.util.EnumSet;
import java.util.Set;

/**
 * One route of the server: the route table is the single source of the Javalin registration, the
 * role checks, the OpenAPI document and the role-matrix test.
 *
 * @param method GET, POST, PUT
 * @param path Javalin path, parameters as {@code {name}}
 * @param roles the roles allowed; empty for a public route
 * @param page true for a dashboard page (anonymous users are sent to the login form) or form post,
 *     false for the JSON API (anonymous gets 401)
 * @param tag the OpenAPI tag
 * @param summary one line for the OpenAPI document
 * @param handler the handler, called after authentication and the role check
 */
public record Endpoint(String method, String path, Set<Role> roles, boolean page, String tag, String summary, Handler handler) {
    /** Every role. */
    public static final Set<Role> ALL = EnumSet.allOf(Role.class);

    /** @return whether anyone may call it without signing in */
    public boolean isPublic() {
        return roles.isEmpty();
    }

    /** @return whether the route changes state (CSRF applies to cookie sessions) */
    public boolean changesState() {
        return !method.equals("GET");
    }

    /** @return {@code METHOD path} */
    public String key() {
        return method + " " + path;
    }
}
