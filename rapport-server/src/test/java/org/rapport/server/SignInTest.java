package org.rapport.server;

import org.rapport.server.api.ApiError;

import org.rapport.server.auth.Throttle;

import org.rapport.server.auth.Auth;

import org.rapport.server.auth.Role;
import org.rapport.server.auth.SignIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.store.ConnectionPool;
import org.rapport.store.RapportStore;

/**
 * Issue 15 items 7, 8 and 10 (cookies, CSRF at rest): where a sign-in may send the browser, login
 * CSRF, throttling that a success does not reset and a restart does not forget, Secure cookies.
 * On an empty store: signing in needs no data.
 */
class SignInTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    RapportStore store;
    RapportServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        store = RapportStore.open(dir.resolve("r.duckdb"));
        server = RapportServer.start(store, RapportServer.Options.defaults().withPort(0));
        server.auth().addUser("ada", Role.CCO, List.of(), PASSWORD.toCharArray());
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return the pre-session cookie and the CSRF token of a fresh sign-in form */
    private String[] form(String... headers) throws Exception {
        HttpResponse<String> r = get("/login", headers);
        String set = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(SignIn.LOGIN_COOKIE + "=")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return new String[] {set.substring(0, set.indexOf(';')), m.group(1), set};
    }

    private HttpResponse<String> post(String cookie, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void nextIsASameOriginPathOrTheHomePage() throws Exception {
        for (String bad : List.of("/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "evil.example",
                "/%2F/evil.example", "/%09/evil.example", "/ok\r\nSet-Cookie: x=1", "/a b", "/\u2028x", "/\u00a0/evil", "")) {
            assertThat(SignIn.safeNext(bad)).as("next=%s", bad).isEqualTo("/");
        }
        for (String good : List.of("/workspace", "/customers/42?tab=offers", "/workspace?segment=high%20value")) {
            assertThat(SignIn.safeNext(good)).isEqualTo(good);
        }
        // over HTTP: the form field next=/%09/evil.example arrives decoded as "/\t/evil.example"
        String[] f = form();
        HttpResponse<String> r = post(f[0], "name=ada&password=" + enc(PASSWORD) + "&next=/%09/evil.example&_csrf=" + f[1]);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/");
        assertThat(get("/login?next=/%09/evil.example").body()).contains("name=\"next\" value=\"/\"");
        f = form();
        HttpResponse<String> ok = post(f[0], "name=ada&password=" + enc(PASSWORD) + "&next=" + enc("/overview?x=1") + "&_csrf=" + f[1]);
        assertThat(ok.headers().firstValue("Location")).contains("/overview?x=1");
    }

    @Test
    void signingInNeedsThePreSessionCookieAndItsToken() throws Exception {
        String creds = "name=ada&password=" + enc(PASSWORD);
        assertThat(post(null, creds).statusCode()).as("no cookie, no token").isEqualTo(403);
        String[] f = form();
        assertThat(post(f[0], creds).statusCode()).as("no token").isEqualTo(403);
        assertThat(post(null, creds + "&_csrf=" + f[1]).statusCode()).as("no cookie").isEqualTo(403);
        String[] other = form();
        assertThat(post(f[0], creds + "&_csrf=" + other[1]).statusCode()).as("another browser's token").isEqualTo(403);
        HttpResponse<String> refused = post(f[0], creds);
        assertThat(refused.body()).contains("sign in again");
        assertThat(store.queryLong("SELECT count(*) FROM sessions")).as("no session was opened").isZero();
        HttpResponse<String> ok = post(f[0], creds + "&_csrf=" + f[1]);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(RapportServer.SESSION_COOKIE + "="));
    }

    @Test
    void aSuccessDoesNotResetTheAddressCountAndBothCountsSurviveARestart() {
        String office = "10.0.0.7";
        Auth auth = server.auth();
        for (int i = 0; i < Throttle.MAX_PER_CLIENT - 1; i++) {
            // different names, so no name reaches its own limit
            assertThat(auth.signIn("guess" + (i % 4), "wrong password".toCharArray(), office)).isEmpty();
            if (i == 10) {
                assertThat(auth.signIn("ada", PASSWORD.toCharArray(), office)).as("a success between the guesses").isPresent();
            }
        }
        assertThat(auth.signIn("guess9", "wrong password".toCharArray(), office)).isEmpty();
        assertThatThrownBy(() -> auth.signIn("ada", PASSWORD.toCharArray(), office)).isInstanceOf(ApiError.class)
                .hasMessageContaining("too many failed sign-ins");
        assertThat(auth.signIn("ada", PASSWORD.toCharArray(), "10.0.0.8")).as("another address").isPresent();
        for (int i = 0; i < Throttle.MAX_PER_NAME; i++) {
            auth.signIn("ada", "wrong password".toCharArray(), "10.0.1." + i);
        }
        // a restart: a new Auth on the same store still refuses the address and the name
        Instant now = Instant.now();
        try (ConnectionPool db = new ConnectionPool(store, 1)) {
            Auth restarted = new Auth(db, Clock.fixed(now, ZoneOffset.UTC));
            assertThatThrownBy(() -> restarted.signIn("someone", "x".toCharArray(), office)).hasMessageContaining("too many failed sign-ins");
            assertThatThrownBy(() -> restarted.signIn("ada", PASSWORD.toCharArray(), "10.0.2.1")).hasMessageContaining("too many");
            // after the window both are free again
            Auth later = new Auth(db, Clock.fixed(now.plus(Throttle.WINDOW).plusSeconds(1), ZoneOffset.UTC));
            assertThat(later.signIn("ada", PASSWORD.toCharArray(), office)).isPresent();
        }
    }

    @Test
    void csrfTokensAreNotStoredInClear() {
        Auth.Session s = server.auth().openSession(server.auth().user("ada").orElseThrow());
        List<String> stored = store.query("SELECT csrf FROM sessions", rs -> rs.getString(1));
        assertThat(stored).hasSize(1).doesNotContain(s.csrf());
        assertThat(stored.get(0)).isEqualTo(Auth.sha256(s.csrf()));
        Optional<Auth.Session> again = server.auth().session(s.id());
        assertThat(again.orElseThrow().csrf()).as("recomputed from the cookie").isEqualTo(s.csrf());
    }

    @Test
    void cookiesAreSecureWithTheOptionOrBehindHttps() throws Exception {
        assertThat(form()[2]).doesNotContainIgnoringCase("Secure");
        String[] https = form("X-Forwarded-Proto", "https");
        assertThat(https[2]).containsIgnoringCase("; Secure");
        HttpResponse<String> r = post(https[0], "name=ada&password=" + enc(PASSWORD) + "&_csrf=" + https[1], "X-Forwarded-Proto", "https");
        assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(RapportServer.SESSION_COOKIE + "=") && c.contains("Secure"));
        try (RapportServer secure = RapportServer.start(store, RapportServer.Options.defaults().withPort(0).withSecureCookies(true))) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + secure.port() + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(SignIn.LOGIN_COOKIE) && c.contains("Secure"));
        }
    }
}
