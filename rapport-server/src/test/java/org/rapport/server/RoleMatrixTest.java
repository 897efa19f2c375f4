package org.rapport.server;

import org.rapport.server.api.Json;

import org.rapport.server.api.Endpoint;

import org.rapport.server.auth.Role;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the route table, called anonymously and as each role, answers the status written
 * here. The table is the specification of issue 7's "who may do what": a route added to the server
 * without a line here fails the test, and so does a line for a route that no longer exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {
    /** Column order of the expected statuses. */
    private static final Role[] AS = {null, Role.CCO, Role.ANALYST, Role.SEGMENT_MANAGER, Role.AGENT};

    /** Route &rarr; expected status for: anonymous, cco, analyst, segment_manager, agent. */
    private static final Map<String, int[]> EXPECTED = new LinkedHashMap<>();

    private static void expect(String route, int anonymous, int cco, int analyst, int manager, int agent) {
        EXPECTED.put(route, new int[] {anonymous, cco, analyst, manager, agent});
    }

    static {
        expect("GET /health", 200, 200, 200, 200, 200);
        expect("GET /api/openapi.json", 200, 200, 200, 200, 200);
        expect("GET /api/v1/me", 401, 200, 200, 200, 200);
        expect("GET /api/v1/customers", 401, 200, 200, 403, 403);
        expect("GET /api/v1/customers/{id}", 401, 200, 200, 200, 200);
        expect("GET /api/v1/scores", 401, 200, 200, 403, 403);
        expect("GET /api/v1/equity", 401, 200, 200, 403, 403);
        expect("GET /api/v1/groups", 401, 200, 200, 403, 403);
        expect("GET /api/v1/wallet", 401, 200, 200, 403, 403);
        expect("GET /api/v1/brands", 401, 200, 200, 403, 403);
        expect("GET /api/v1/moments", 401, 200, 200, 403, 403);
        expect("GET /api/v1/feedback", 401, 200, 200, 403, 403);
        expect("GET /api/v1/segments", 401, 200, 200, 200, 403);
        expect("POST /api/v1/segments", 401, 201, 403, 403, 403);
        expect("POST /api/v1/segments/check", 401, 200, 200, 200, 403);
        expect("GET /api/v1/segments/{name}", 401, 200, 200, 200, 403);
        expect("PUT /api/v1/segments/{name}", 401, 200, 403, 200, 403);
        expect("GET /api/v1/segments/{name}/customers", 401, 200, 200, 200, 403);
        expect("GET /api/v1/budget", 401, 200, 200, 200, 403);
        expect("GET /api/v1/offers", 401, 200, 200, 403, 403);
        expect("GET /api/v1/campaigns", 401, 200, 200, 200, 403);
        expect("GET /api/v1/campaigns/{offerId}/export.csv", 401, 200, 200, 200, 403);
        expect("GET /api/v1/validation", 401, 200, 200, 403, 403);
        expect("POST /api/v1/route", 401, 200, 200, 403, 200);
        expect("POST /api/v1/uploads", 401, 201, 201, 403, 403);
        expect("POST /api/v1/jobs", 401, 202, 202, 403, 403);
        expect("GET /api/v1/jobs", 401, 200, 200, 403, 403);
        expect("GET /api/v1/jobs/{id}", 401, 200, 200, 403, 403);
        expect("POST /api/v1/refresh", 401, 200, 200, 403, 403);
        expect("DELETE /api/v1/users/{name}/tokens", 401, 200, 403, 403, 403);
        expect("DELETE /api/v1/users/{name}", 401, 200, 403, 403, 403);
        expect("PUT /api/v1/users/{name}/segments", 401, 200, 403, 403, 403);
        expect("GET /api/v1/users", 401, 200, 403, 403, 403);
        expect("POST /api/v1/users", 401, 201, 403, 403, 403);
        expect("PUT /api/v1/users/{name}/role", 401, 200, 403, 403, 403);
        expect("PUT /api/v1/me/password", 401, 200, 200, 200, 200);
        expect("GET /api/v1/audit", 401, 200, 403, 403, 403);
        // Pages: an anonymous GET is sent to the sign-in form (303); a form post without a session is 401.
        expect("GET /favicon.ico", 204, 204, 204, 204, 204);
        expect("GET /login", 200, 200, 200, 200, 200);
        expect("POST /login", 303, 303, 303, 303, 303);
        expect("POST /logout", 401, 303, 303, 303, 303);
        expect("GET /", 303, 303, 303, 303, 303);
        expect("GET /overview", 303, 200, 200, 403, 403);
        expect("GET /workspace", 303, 200, 403, 200, 403);
        expect("GET /workspace/customers", 303, 200, 403, 200, 403);
        expect("GET /workspace/count", 303, 200, 403, 200, 403);
        expect("POST /workspace/segment", 401, 303, 403, 303, 403);
        expect("POST /workspace/allocate", 401, 303, 403, 403, 403);
        expect("GET /customers/{id}", 303, 200, 200, 200, 200);
        expect("GET /brands", 303, 200, 200, 403, 403);
        expect("GET /validation", 303, 200, 200, 403, 403);
        expect("GET /desk", 303, 200, 200, 403, 200);
        expect("GET /campaigns", 303, 200, 403, 200, 403);
        expect("GET /jobs", 303, 200, 200, 403, 403);
        expect("GET /jobs/table", 303, 200, 200, 403, 403);
        expect("POST /jobs/analyze", 401, 303, 303, 403, 403);
        expect("POST /jobs/upload", 401, 303, 303, 403, 403);
        expect("GET /runs", 303, 200, 200, 403, 403);
        expect("GET /runs/compare", 303, 200, 200, 403, 403);
        expect("GET /users", 303, 200, 403, 403, 403);
        expect("POST /users", 401, 303, 403, 403, 403);
        expect("POST /users/{name}", 401, 303, 403, 403, 403);
        expect("POST /users/{name}/delete", 401, 303, 403, 403, 403);
        expect("GET /audit", 303, 200, 403, 403, 403);
    }

    private ServerFixture f;
    private String customer;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
        customer = (String) f.customerOf(ServerFixture.OWN).get("id");
        f.server.auth().addUser("revokee", Role.ANALYST, List.of(), "revokee's password".toCharArray());
        f.server.auth().addUser("deletee", Role.AGENT, List.of(), null);
        f.server.auth().addUser("matrixsm", Role.SEGMENT_MANAGER, List.of(ServerFixture.OTHER), null);
        f.server.auth().addUser("pagedeletee", Role.AGENT, List.of(), null);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void everyRouteHasAnEntryAndEveryEntryARoute() {
        Set<String> routes = new TreeSet<>();
        f.server.endpoints().forEach(e -> routes.add(e.key()));
        assertThat(new TreeSet<>(EXPECTED.keySet())).as("the role matrix must list exactly the routes of the server")
                .isEqualTo(routes);
    }

    @Test
    void everyRouteAnswersEachRoleAsSpecified() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : f.server.endpoints()) {
            int[] expected = EXPECTED.get(e.key());
            assertThat(expected).as("no entry in the role matrix for %s", e.key()).isNotNull();
            for (int i = 0; i < AS.length; i++) {
                HttpResponse<String> r = call(e, AS[i]);
                if (r.statusCode() != expected[i]) {
                    wrong.add(e.key() + " as " + (AS[i] == null ? "anonymous" : AS[i].id()) + ": " + r.statusCode()
                            + " (expected " + expected[i] + ") " + r.body().substring(0, Math.min(200, r.body().length())));
                }
                if (r.statusCode() == 401 || r.statusCode() == 403) {
                    JsonNode err = Json.MAPPER.readTree(r.body());
                    assertThat(err.path("status").asInt()).as(e.key()).isEqualTo(r.statusCode());
                    assertThat(err.path("error").asText()).as(e.key()).isNotBlank();
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private HttpResponse<String> call(Endpoint e, Role as) throws Exception {
        String path = e.key().equals("DELETE /api/v1/users/{name}") ? "/api/v1/users/deletee"
                : e.key().equals("POST /users/{name}/delete") ? "/users/pagedeletee/delete"
                : e.key().equals("POST /users/{name}") ? "/users/matrixsm"
                : e.key().equals("PUT /api/v1/users/{name}/segments") ? "/api/v1/users/matrixsm/segments"
                : e.path().replace("/users/{name}/", "/users/revokee/").replace("{id}", e.path().contains("/jobs/") ? "1" : customer)
                .replace("{name}", ServerFixture.OWN).replace("{offerId}", "upgrade-gold");
        String query = switch (e.key()) {
            case "GET /workspace/customers" -> "?segment=" + ServerFixture.OWN + "&sort=-clv";
            case "GET /workspace/count" -> "?rule=clv+%3E+1";
            case "GET /runs/compare" -> "?a=1";
            default -> "";
        };
        String json = switch (e.key()) {
            case "POST /api/v1/segments" -> "{\"name\": \"matrix_new\", \"rule\": \"p_alive > 0.9\"}";
            case "POST /api/v1/segments/check" -> "{\"rule\": \"clv > 50\"}";
            case "PUT /api/v1/segments/{name}" -> "{\"budget\": 5000}";
            case "PUT /api/v1/users/{name}/segments" -> "{\"remove\": [\"" + ServerFixture.OTHER + "\"]}";
            case "POST /api/v1/users" -> "{\"name\": \"apinew\", \"role\": \"analyst\", \"password\": \"a long password\"}";
            case "PUT /api/v1/users/{name}/role" -> "{\"role\": \"agent\"}";
            case "POST /api/v1/route" -> "{\"contact\": \"" + customer + "\"}";
            case "PUT /api/v1/me/password" -> "{\"current\": \"" + ServerFixture.PASSWORD + "\", \"new\": \"" + ServerFixture.PASSWORD + "\"}";
            case "POST /api/v1/jobs" -> "{\"kind\": \"analyze\", \"file\": \"transactions.csv\", \"calibrationEnd\": \""
                    + f.world.calibrationEnd() + "\"}";
            default -> null;
        };
        String form = switch (e.key()) {
            case "POST /login" -> "name=cco&password=" + ServerFixture.PASSWORD.replace(" ", "+");
            case "POST /workspace/segment" -> "segment=" + ServerFixture.OWN + "&budget=5000";
            case "POST /workspace/allocate" -> "total=10000";
            case "POST /jobs/analyze" -> "file=transactions.csv"; // no calibration date: the page asks to confirm (303 back), no job
            case "POST /users" -> "name=pagenew&role=analyst&password=a+long+password";
            case "POST /users/{name}" -> "role=segment_manager&segments=" + ServerFixture.OTHER;
            case "POST /logout" -> "";
            default -> null;
        };
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + path + query)).timeout(Duration.ofSeconds(20));
        if (as != null) {
            b.header("Authorization", "Bearer " + f.tokens.get(as));
        }
        if (e.key().equals("POST /login")) {
            String[] login = f.loginForm();
            b.header("Cookie", login[0]);
            form += "&_csrf=" + login[1];
        }
        if (e.key().equals("POST /api/v1/uploads") || e.key().equals("POST /jobs/upload")) {
            String boundary = "matrix" + System.nanoTime();
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString("--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"matrix.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                    + "customer_id,date,amount\r\nc1,2024-01-01,5\r\n--" + boundary + "--\r\n"));
        } else if (json != null) {
            b.header("Content-Type", "application/json").method(e.method(), HttpRequest.BodyPublishers.ofString(json));
        } else if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded").method(e.method(), HttpRequest.BodyPublishers.ofString(form));
        } else {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
