package org.rapport.server;

import org.rapport.server.api.Endpoint;

import org.rapport.server.auth.Auth;

import org.rapport.server.api.Json;
import org.rapport.server.auth.Role;
import static org.rapport.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API over a simulated world with every contract table present. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {
    private ServerFixture f;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults().withQueues(Map.of(ServerFixture.OTHER, "general-care")));
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void theCcoRevokesAUsersTokensAndTheyStopWorkingAtOnce() throws Exception {
        f.server.auth().addUser("leaver", Role.ANALYST, List.of(), "a long enough password".toCharArray());
        String token = f.server.auth().createToken("leaver");
        f.server.auth().createToken("leaver");
        java.util.function.Supplier<HttpResponse<String>> me = () -> {
            try {
                return f.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base() + "/api/v1/me"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(json(me.get(), 200).path("name").asText()).isEqualTo("leaver");
        json(f.send("DELETE", "/api/v1/users/leaver/tokens", Role.ANALYST, null), 403);
        assertThat(json(f.send("DELETE", "/api/v1/users/leaver/tokens", Role.CCO, null), 200).path("tokensRevoked").asLong()).isEqualTo(2);
        // The token was checked (and cached) a moment ago; it is refused now all the same.
        assertThat(json(me.get(), 401).path("error").asText()).contains("revoked");
        assertThat(json(f.send("DELETE", "/api/v1/users/nobody/tokens", Role.CCO, null), 404).path("error").asText()).contains("nobody");
        assertThat(json(f.get("/api/v1/audit", Role.CCO), 200).toString()).contains("user.revoke");
    }

    @Test
    void aUserChangesTheirOwnPasswordWithTheCurrentOne() throws Exception {
        f.server.auth().addUser("mover", Role.AGENT, List.of(), "the first password".toCharArray());
        String token = f.server.auth().createToken("mover");
        Auth.Session session = f.server.auth().openSession(f.server.auth().user("mover").orElseThrow());
        java.util.function.Function<String, HttpResponse<String>> put = body -> {
            try {
                return f.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base() + "/api/v1/me/password"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(json(put.apply("{\"current\": \"a wrong guess\", \"new\": \"the second password\"}"), 403).path("error").asText())
                .contains("current password is wrong");
        assertThat(json(put.apply("{\"current\": \"the first password\", \"new\": \"short\"}"), 400).path("error").asText())
                .contains("shorter than 8");
        assertThat(json(put.apply("{\"new\": \"the second password\"}"), 400).path("error").asText()).contains("current");
        assertThat(f.server.auth().checkPassword("mover", "the first password".toCharArray())).isPresent();
        json(put.apply("{\"current\": \"the first password\", \"new\": \"the second password\"}"), 200);
        assertThat(f.server.auth().checkPassword("mover", "the first password".toCharArray())).isEmpty();
        assertThat(f.server.auth().checkPassword("mover", "the second password".toCharArray())).isPresent();
        // the browser session opened before the change is over; the API token still works
        assertThat(f.server.auth().session(session.id())).isEmpty();
        json(put.apply("{\"current\": \"the second password\", \"new\": \"the third password\"}"), 200);
        assertThat(json(f.get("/api/v1/audit", Role.CCO), 200).toString()).contains("user.password");
    }

    @Test
    void repeatedWrongPasswordsLockTheNameOutEvenForTheRightPassword() throws Exception {
        String password = "the right password";
        f.server.auth().addUser("guessed", Role.ANALYST, List.of(), password.toCharArray());
        java.util.function.Function<String, HttpResponse<String>> login = pw -> f.signIn("name=guessed&password=" + pw.replace(" ", "+"));
        for (int i = 0; i < Auth.MAX_FAILED_SIGN_INS; i++) {
            assertThat(login.apply("guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = login.apply(password);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("too many failed sign-ins: try again in 15 minutes");
        // Another name from the same address still signs in (the address allows more failures than a name).
        f.server.auth().addUser("colleague", Role.ANALYST, List.of(), password.toCharArray());
        HttpResponse<String> other = f.signIn("name=colleague&password=" + password.replace(" ", "+"));
        assertThat(other.statusCode()).isEqualTo(303);
    }

    @Test
    void customer360HasEverySectionAndTheHistoryAddsUpToTheSummary() throws Exception {
        Map<String, Object> c = f.customerOf(ServerFixture.OWN);
        String id = (String) c.get("id");
        JsonNode v = json(f.get("/api/v1/customers/" + id, Role.AGENT), 200);
        assertThat(v.path("profile").path("email").asText()).isEqualTo(c.get("email"));
        assertThat(v.path("segment").path("segment").asText()).isEqualTo(ServerFixture.OWN);
        assertThat(v.path("segment").path("team").asText()).isEqualTo("premium-desk");
        assertThat(v.path("group").path("relationship_group").asText()).isIn("true_friend", "butterfly");
        double clv = f.store.queryFirst("SELECT clv FROM customer_scores WHERE customer_id = ?", rs -> rs.getDouble(1), id).orElseThrow();
        assertThat(v.path("scores").path("clv").asDouble()).isEqualTo(clv);
        assertThat(v.path("scores").path("clv_lower").asDouble()).isLessThanOrEqualTo(clv);
        assertThat(v.path("offers").size()).isPositive();
        assertThat(v.path("offers").get(0).path("reason").asText()).isNotBlank();
        assertThat(v.path("notComputed").size()).isZero();
        // The monthly history sums the purchases view: its total is the summary's total spend (same rows, so
        // only floating-point summation order differs: 1e-9 relative).
        double total = 0;
        for (JsonNode m : v.path("history")) {
            total += m.path("spend").asDouble();
        }
        double expected = f.store.queryFirst("SELECT total_spend FROM customer_summary WHERE customer_id = ?", rs -> rs.getDouble(1), id).orElseThrow();
        assertThat(total).isCloseTo(expected, within(1e-9 * expected));
        assertThat(json(f.get("/api/v1/customers/nobody-here", Role.CCO), 404).path("error").asText()).contains("nobody-here");
    }

    @Test
    void aSegmentManagerReadsOnlyCustomersOfTheirSegments() throws Exception {
        String other = (String) f.customerOf(ServerFixture.OTHER).get("id");
        assertThat(json(f.get("/api/v1/customers/" + other, Role.SEGMENT_MANAGER), 403).path("error").asText()).contains("not in one of your segments");
        assertThat(f.get("/api/v1/segments/" + ServerFixture.OTHER, Role.SEGMENT_MANAGER).statusCode()).isEqualTo(403);
        JsonNode mine = json(f.get("/api/v1/segments", Role.SEGMENT_MANAGER), 200);
        List<String> names = new java.util.ArrayList<>();
        mine.forEach(s -> names.add(s.path("name").asText()));
        assertThat(names).contains(ServerFixture.OWN).doesNotContain(ServerFixture.OTHER)
                .isSubsetOf(f.server.auth().user("sam").orElseThrow().segments());
        JsonNode budget = json(f.get("/api/v1/budget", Role.SEGMENT_MANAGER), 200);
        assertThat(budget.path("allocation").size()).isEqualTo(1);
        assertThat(budget.path("allocation").get(0).path("segment").asText()).isEqualTo(ServerFixture.OWN);
        assertThat(json(f.get("/api/v1/budget", Role.CCO), 200).path("allocation").size()).isEqualTo(2);
    }

    @Test
    void scoresArePagedSortedAndValidated() throws Exception {
        long n = f.store.queryLong("SELECT count(*) FROM customer_scores");
        JsonNode p0 = json(f.get("/api/v1/scores?size=10&page=0&sort=-clv", Role.ANALYST), 200);
        JsonNode p1 = json(f.get("/api/v1/scores?size=10&page=1&sort=-clv", Role.ANALYST), 200);
        assertThat(p0.path("total").asLong()).isEqualTo(n);
        assertThat(p0.path("rows").size()).isEqualTo(10);
        double last = Double.POSITIVE_INFINITY;
        for (JsonNode r : p0.path("rows")) {
            assertThat(r.path("clv").asDouble()).isLessThanOrEqualTo(last);
            last = r.path("clv").asDouble();
        }
        assertThat(p1.path("rows").get(0).path("clv").asDouble()).isLessThanOrEqualTo(last);
        double top = f.store.queryFirst("SELECT max(clv) FROM customer_scores", rs -> rs.getDouble(1)).orElseThrow();
        assertThat(p0.path("rows").get(0).path("clv").asDouble()).isEqualTo(top);
        assertThat(json(f.get("/api/v1/scores?sort=email", Role.CCO), 400).path("error").asText()).contains("sort").contains("clv");
        assertThat(json(f.get("/api/v1/scores?size=0", Role.CCO), 400).path("error").asText()).contains("size");
        assertThat(json(f.get("/api/v1/scores?page=x", Role.CCO), 400).path("status").asInt()).isEqualTo(400);
        JsonNode seg = json(f.get("/api/v1/segments/" + ServerFixture.OWN + "/customers?size=5", Role.SEGMENT_MANAGER), 200);
        assertThat(seg.path("total").asLong()).isEqualTo(f.store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = ?", ServerFixture.OWN));
    }

    @Test
    void routeFindsTheCustomerByIdEmailOrPhoneAndPicksQueueAndPriority() throws Exception {
        Map<String, Object> c = f.customerOf(ServerFixture.OWN);
        String id = (String) c.get("id");
        JsonNode byId = json(f.send("POST", "/api/v1/route", Role.AGENT, "{\"contact\": \"" + id + "\"}"), 200);
        JsonNode byEmail = json(f.send("POST", "/api/v1/route", Role.AGENT, "{\"contact\": \" " + ((String) c.get("email")).toUpperCase() + "\"}"), 200);
        String phone = (String) c.get("phone");
        JsonNode byPhone = json(f.send("POST", "/api/v1/route", Role.AGENT, "{\"phone\": \"(" + phone + ")\"}"), 200);
        assertThat(byEmail.path("customerId").asText()).isEqualTo(id);
        assertThat(byEmail.path("matchedBy").asText()).isEqualTo("email");
        assertThat(byPhone.path("customerId").asText()).isEqualTo(id);
        assertThat(byId.path("segment").asText()).isEqualTo(ServerFixture.OWN);
        assertThat(byId.path("queue").asText()).as("the segment's team").isEqualTo("premium-desk");
        assertThat(byId.path("talkingPoints").size()).isPositive();
        // Priority: the customer's CLV percentile among scored customers, moved by the relationship group.
        double pct = f.store.queryFirst("SELECT pr FROM (SELECT customer_id, percent_rank() OVER (ORDER BY clv) pr FROM customer_scores) "
                + "WHERE customer_id = ?", rs -> rs.getDouble(1), id).orElseThrow();
        String group = byId.path("relationshipGroup").asText();
        int p = pct >= 0.9 ? 1 : pct >= 0.7 ? 2 : pct >= 0.4 ? 3 : 4;
        p = group.equals("true_friend") ? Math.max(1, p - 1) : group.equals("stranger") ? Math.min(4, p + 1) : p;
        assertThat(byId.path("priority").asInt()).isEqualTo(p);
        String other = (String) f.customerOf(ServerFixture.OTHER).get("id");
        assertThat(json(f.send("POST", "/api/v1/route", Role.AGENT, "{\"customerId\": \"" + other + "\"}"), 200).path("queue").asText())
                .as("configured queue").isEqualTo("general-care");
        assertThat(json(f.send("POST", "/api/v1/route", Role.AGENT, "{\"contact\": \"no-such@example.org\"}"), 404).path("error").asText())
                .contains("no customer matches");
        assertThat(json(f.send("POST", "/api/v1/route", Role.AGENT, "{\"contact\": "), 400).path("error").asText()).contains("not valid JSON");
        assertThat(json(f.send("POST", "/api/v1/route", Role.AGENT, "{}"), 400).path("error").asText()).contains("contact");
        assertThat(json(f.send("POST", "/api/v1/route", Role.AGENT, "[1]"), 400).path("error").asText()).contains("JSON object");
    }

    @Test
    void ruleChecksCountLikeSqlAndBadRulesAreRejectedWithAPosition() throws Exception {
        JsonNode ok = json(f.send("POST", "/api/v1/segments/check", Role.ANALYST,
                "{\"rule\": \"clv > 100 and (relationship_group = 'true_friend' or p_alive >= 0.5)\"}"), 200);
        long expected = f.store.queryLong("SELECT count(*) FROM customer_scores s JOIN customer_groups g USING (customer_id) "
                + "WHERE s.clv > 100 AND (g.relationship_group = 'true_friend' OR s.p_alive >= 0.5)");
        assertThat(ok.path("valid").asBoolean()).isTrue();
        assertThat(ok.path("count").asLong()).isEqualTo(expected).isPositive();
        // a segment manager counts only within their own segments (issue 15 item 10)
        long all = f.store.queryLong("SELECT count(*) FROM customer_scores WHERE clv > 50");
        // sam's segments: OWN, and any segment created for sam by another test (a new rule segment holds its
        // customers at once since issue 19 item 2)
        String mine = String.join(",", f.server.auth().user("sam").orElseThrow().segments());
        long own = f.store.queryLong("SELECT count(*) FROM customer_scores s JOIN customer_segment c USING (customer_id) "
                + "WHERE s.clv > 50 AND list_contains(string_split(?, ','), c.segment)", mine);
        assertThat(json(f.send("POST", "/api/v1/segments/check", Role.CCO, "{\"rule\": \"clv > 50\"}"), 200).path("count").asLong())
                .isEqualTo(all).isPositive();
        assertThat(json(f.send("POST", "/api/v1/segments/check", Role.SEGMENT_MANAGER, "{\"rule\": \"clv > 50\"}"), 200).path("count").asLong())
                .isEqualTo(own).isPositive().isLessThan(all);
        JsonNode bad = json(f.send("POST", "/api/v1/segments/check", Role.CCO, "{\"rule\": \"clv > 100 and colour = 'red'\"}"), 200);
        assertThat(bad.path("valid").asBoolean()).isFalse();
        assertThat(bad.path("message").asText()).contains("unknown field 'colour'");
        assertThat(bad.path("position").asInt()).isEqualTo(14);
        JsonNode injection = json(f.send("POST", "/api/v1/segments/check", Role.CCO, "{\"rule\": \"clv > 1; DROP TABLE users\"}"), 200);
        assertThat(injection.path("valid").asBoolean()).isFalse();
        assertThat(injection.path("message").asText()).contains("unexpected character ';'");
    }

    @Test
    void segmentChangesAreCheckedAndAudited() throws Exception {
        assertThat(json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.SEGMENT_MANAGER, "{\"rule\": \"clv >\"}"), 400)
                .path("error").asText()).contains("rule:").contains("found end of rule at position 5");
        assertThat(json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.SEGMENT_MANAGER, "{\"manager\": \"agent\"}"), 403)
                .path("error").asText()).contains("only the cco");
        assertThat(f.send("PUT", "/api/v1/segments/" + ServerFixture.OTHER, Role.SEGMENT_MANAGER, "{\"budget\": 1}").statusCode()).isEqualTo(403);
        assertThat(json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.SEGMENT_MANAGER, "{\"budget\": -5}"), 400)
                .path("error").asText()).contains("budget");
        JsonNode after = json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.SEGMENT_MANAGER,
                "{\"rule\": \"clv > 150\", \"budget\": 7000}"), 200);
        assertThat(after.path("rule").asText()).isEqualTo("clv > 150");
        assertThat(after.path("budget").asDouble()).isEqualTo(7000);
        JsonNode audit = json(f.get("/api/v1/audit", Role.CCO), 200);
        boolean found = false;
        for (JsonNode a : audit) {
            if (a.path("action").asText().equals("segment.rule") && a.path("after_json").asText().equals("\"clv > 150\"")) {
                assertThat(a.path("user_name").asText()).isEqualTo("sam");
                assertThat(a.path("target").asText()).isEqualTo(ServerFixture.OWN);
                found = true;
            }
        }
        assertThat(found).as("audit row of the rule change").isTrue();
        JsonNode created = json(f.send("POST", "/api/v1/segments", Role.CCO,
                "{\"name\": \"api_new\", \"rule\": \"x >= 3\", \"manager\": \"sam\", \"team\": \"loyal-desk\"}"), 201);
        assertThat(created.path("kind").asText()).isEqualTo("rule");
        assertThat(f.server.auth().user("sam").orElseThrow().segments()).contains("api_new");
        assertThat(f.send("POST", "/api/v1/segments", Role.CCO, "{\"name\": \"api_new\", \"rule\": \"x >= 3\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void campaignsExportTheOwnSegmentsTargetsAsCsv() throws Exception {
        HttpResponse<String> csv = f.get("/api/v1/campaigns/upgrade-gold/export.csv", Role.SEGMENT_MANAGER);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("customer_id,email,phone,rank,product_id,score,propensity,value,source,reason");
        String mine = String.join(",", f.server.auth().user("sam").orElseThrow().segments());
        long expected = f.store.queryLong("SELECT count(*) FROM customer_offers o JOIN customer_segment s USING (customer_id) "
                + "WHERE o.offer_id = 'upgrade-gold' AND list_contains(string_split(?, ','), s.segment)", mine);
        assertThat(lines.size() - 1L).isEqualTo(expected).isPositive();
        JsonNode list = json(f.get("/api/v1/campaigns", Role.CCO), 200);
        assertThat(list.size()).isEqualTo(2);
        assertThat(f.get("/api/v1/campaigns?segment=" + ServerFixture.OTHER, Role.SEGMENT_MANAGER).statusCode()).isEqualTo(403);
    }

    @Test
    void campaignCsvCellsThatStartLikeFormulasGetAQuoteNumbersKeepTheirSign() throws Exception {
        String id = (String) f.customerOf(ServerFixture.OWN).get("id");
        f.store.update("INSERT INTO customer_offers VALUES (?, 9, 'formula-test', '@P9', -0.5, 0.1, -3.25, '+src', "
                + "'=HYPERLINK(\"http://evil.example\")', now())", id);
        HttpResponse<String> csv = f.get("/api/v1/campaigns/formula-test/export.csv", Role.CCO);
        f.store.update("DELETE FROM customer_offers WHERE offer_id = 'formula-test'");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        String row = csv.body().lines().skip(1).findFirst().orElseThrow();
        assertThat(row).contains(",'@P9,-0.5,").contains(",-3.25,'+src,\"'=HYPERLINK(\"\"http://evil.example\"\")\"");
    }

    @Test
    void theOpenApiDocumentListsEveryApiRouteAndJavalinRegisteredNothingElse() throws Exception {
        JsonNode doc = json(f.get("/api/openapi.json", null), 200);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        Set<String> documented = new HashSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        Set<String> api = new HashSet<>();
        Set<String> all = new HashSet<>();
        for (Endpoint e : f.server.endpoints()) {
            all.add(e.key());
            if (!e.page()) {
                api.add(e.key());
            }
        }
        assertThat(documented).isEqualTo(api);
        Set<String> registered = new HashSet<>();
        for (String h : f.server.registeredHandlers()) {
            if (!h.startsWith("BEFORE") && !h.startsWith("AFTER")) {
                registered.add(h);
            }
        }
        assertThat(registered).as("every handler Javalin has comes from the route table").isEqualTo(all);
    }

    @Test
    void badRequestsGetJsonErrors() throws Exception {
        assertThat(json(f.get("/api/v1/nothing-here", Role.CCO), 404).path("error").asText()).contains("no route");
        HttpRequest basic = HttpRequest.newBuilder(URI.create(f.base() + "/api/v1/me")).header("Authorization", "Basic Y2NvOng=").build();
        assertThat(json(f.http.send(basic, HttpResponse.BodyHandlers.ofString()), 401).path("error").asText()).contains("Bearer");
        HttpRequest wrong = HttpRequest.newBuilder(URI.create(f.base() + "/api/v1/me")).header("Authorization", "Bearer nope").build();
        assertThat(json(f.http.send(wrong, HttpResponse.BodyHandlers.ofString()), 401).path("error").asText()).contains("unknown");
        assertThat(json(f.send("POST", "/api/v1/jobs", Role.ANALYST, "{\"kind\": \"analyze\", \"file\": \"no-such.csv\"}"), 400)
                .path("error").asText()).contains("no file 'no-such.csv' in the import folder");
        assertThat(json(f.send("POST", "/api/v1/jobs", Role.ANALYST, "{\"kind\": \"dance\"}"), 400).path("error").asText()).contains("analyze");
        assertThat(json(f.get("/api/v1/jobs/abc", Role.ANALYST), 400).path("error").asText()).contains("abc");
        assertThat(json(f.get("/health", null), 200).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void theBrowserSessionIsHttpOnlyStrictAndFormsNeedTheCsrfToken() throws Exception {
        HttpResponse<String> bad = f.signIn("name=sam&password=wrong-password");
        assertThat(bad.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = f.signIn("name=sam&password=" + ServerFixture.PASSWORD.replace(" ", "+") + "&next=/workspace");
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location").orElse("")).isEqualTo("/workspace");
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains(RapportServer.SESSION_COOKIE + "=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> page = f.http.send(HttpRequest.newBuilder(URI.create(f.base() + "/workspace")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        Matcher m = Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        String csrf = m.group(1);
        assertThat(form("/workspace/segment", "segment=" + ServerFixture.OWN + "&budget=4000", cookie).statusCode()).isEqualTo(403);
        assertThat(form("/workspace/segment", "segment=" + ServerFixture.OWN + "&budget=4000&_csrf=" + csrf, cookie).statusCode()).isEqualTo(303);
        assertThat(f.store.queryFirst("SELECT budget FROM segments WHERE name = ?", rs -> rs.getDouble(1), ServerFixture.OWN).orElseThrow())
                .isEqualTo(4000);
        assertThat(form("/logout", "_csrf=" + csrf, cookie).statusCode()).isEqualTo(303);
        HttpResponse<String> after = f.http.send(HttpRequest.newBuilder(URI.create(f.base() + "/workspace")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the session ended").isEqualTo(303);
    }

    private HttpResponse<String> form(String path, String body, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
