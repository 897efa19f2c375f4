package org.rapport.server.auth;

import org.rapport.server.View;

import org.rapport.server.RapportServer;

import org.rapport.server.api.ApiError;

import org.rapport.server.Pages;
import org.rapport.server.api.Endpoint;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signing in and out of the dashboard. The sign-in form is protected against login CSRF: {@code GET
 * /login} sets a pre-session cookie ({@value #LOGIN_COOKIE}, random, HttpOnly, SameSite=Strict) and
 * puts the token derived from it ({@link Auth#csrfFor}) into the form; {@code POST /login} without the
 * pair is refused (403). The target after signing in ({@code next}) is a same-origin path only
 * ({@link #safeNext}). Cookies are {@code Secure} with {@code --secure-cookies} or when the request
 * came over HTTPS (directly or as {@code X-Forwarded-Proto: https}).
 */
public final class SignIn {
    /** The pre-session cookie of the sign-in form. */
    public static final String LOGIN_COOKIE = "rapport_login";
    /** Where a user goes when {@code next} is absent or not a same-origin path. */
    static final String HOME = "/";

    private final Auth auth;
    private final boolean secureCookies;

    public SignIn(Auth auth, boolean secureCookies) {
        this.auth = auth;
        this.secureCookies = secureCookies;
    }

    public List<Endpoint> endpoints() {
        return List.of(
                Pages.page("GET", "/login", Set.of(), "Sign-in form (sets the pre-session cookie of its CSRF token)", this::loginForm),
                Pages.page("POST", "/login", Set.of(), "Sign in (form: name, password, _csrf, next)", this::login),
                Pages.page("POST", "/logout", Endpoint.ALL, "Sign out", this::logout));
    }

    /**
     * @param next a target path as sent (already URL-decoded once), or null
     * @return it if it is a same-origin path: one leading {@code /}, not {@code //} or {@code /\}, no
     *     backslash, control character, whitespace or other non-ASCII character (decoded once more: no
     *     {@code //}, {@code /\}, backslash or control character); else {@link #HOME}
     */
    public static String safeNext(String next) {
        if (next == null || !sameOriginPath(next, false)) {
            return HOME;
        }
        try {
            // encoded once more (%2F, %5C, %09), the same tricks must not appear either
            return sameOriginPath(URLDecoder.decode(next, StandardCharsets.UTF_8), true) ? next : HOME;
        } catch (IllegalArgumentException e) {
            return HOME;
        }
    }

    /**
     * @param p a path
     * @param decoded whether it was decoded once more (then an encoded space of a query is fine)
     * @return whether it is a same-origin path
     */
    private static boolean sameOriginPath(String p, boolean decoded) {
        if (p.isEmpty() || p.length() > 2000 || p.charAt(0) != '/' || (p.length() > 1 && (p.charAt(1) == '/' || p.charAt(1) == '\\'))) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean bad = decoded ? c < 0x20 || c == 0x7f || c == '\\' || (i == 1 && Character.isWhitespace(c))
                    // visible ASCII only: no control character, whitespace (of any kind), backslash or look-alike
                    : c <= 0x20 || c >= 0x7f || c == '\\';
            if (bad) {
                return false;
            }
        }
        return true;
    }

    /** @return whether cookies of this request get the Secure flag */
    private boolean secure(Context ctx) {
        return secureCookies || "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse("").strip());
    }

    private Cookie cookie(Context ctx, String name, String value, int maxAge) {
        return new Cookie(name, value, "/", maxAge, secure(ctx), true, null, SameSite.STRICT);
    }

    /** @return the pre-session secret of this browser, set as a cookie if it has none */
    private String preSession(Context ctx) {
        String v = ctx.cookie(LOGIN_COOKIE);
        if (v == null || !v.matches("[A-Za-z0-9_-]{43}")) {
            v = Auth.randomToken();
            ctx.cookie(cookie(ctx, LOGIN_COOKIE, v, 3600));
        }
        return v;
    }

    private void form(Context ctx, String next, String error, int status) {
        Map<String, Object> p = new HashMap<>();
        p.put("page", new View.Page("Sign in", null, "", "login"));
        p.put("next", safeNext(next));
        p.put("error", error);
        p.put("csrf", Auth.csrfFor(preSession(ctx), "login"));
        ctx.status(status);
        Pages.render(ctx, "login.jte", p);
    }

    private void loginForm(Context ctx) {
        form(ctx, ctx.queryParam("next"), "", 200);
    }

    private void login(Context ctx) {
        String pre = ctx.cookie(LOGIN_COOKIE);
        if (pre == null || !Auth.sameToken(Gate.formParam(ctx, "_csrf"), Auth.csrfFor(pre, "login"))) {
            form(ctx, ctx.formParam("next"), "The sign-in form had expired: sign in again.", 403);
            return;
        }
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Optional<User> u;
        String error = "Unknown user or wrong password.";
        int status = 401;
        try {
            u = auth.signIn(name, password.toCharArray(), ctx.ip());
        } catch (ApiError e) {
            u = Optional.empty();
            error = "Sign-in refused: " + e.getMessage() + ".";
            status = e.status();
        }
        if (u.isEmpty()) {
            form(ctx, ctx.formParam("next"), error, status);
            return;
        }
        Auth.Session s = auth.openSession(u.get());
        ctx.cookie(cookie(ctx, RapportServer.SESSION_COOKIE, s.id(), (int) Auth.SESSION_LIFETIME.toSeconds()));
        ctx.removeCookie(LOGIN_COOKIE, "/");
        ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        auth.closeSession(ctx.cookie(RapportServer.SESSION_COOKIE));
        ctx.removeCookie(RapportServer.SESSION_COOKIE, "/");
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }
}
