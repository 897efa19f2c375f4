package org.rapport.server;

import org.rapport.server.auth.Assignments;

import org.rapport.server.api.Json;
import org.rapport.server.auth.Auth;
import org.rapport.server.auth.Role;
import org.rapport.store.ConnectionPool;
import static org.rapport.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 5: a segment manager's access follows the current assignment (reassigned or cleared,
 * the former manager loses it at once, cached token or not); the cco deletes users and adds and
 * removes a manager's segments through the API, audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignmentTest {
    private ServerFixture f;
    private String ownCustomer;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
        ownCustomer = (String) f.customerOf(ServerFixture.OWN).get("id");
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private int status(String path, String token) throws Exception {
        return f.http.send(HttpRequest.newBuilder(URI.create(f.base() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aReassignedOrClearedSegmentIsNoLongerTheFormerManagers() throws Exception {
        Auth auth = f.server.auth();
        auth.addUser("kim", Role.SEGMENT_MANAGER, List.of(ServerFixture.OWN), null);
        auth.addUser("lee", Role.SEGMENT_MANAGER, List.of(ServerFixture.OTHER), null);
        String kim = auth.createToken("kim");
        String lee = auth.createToken("lee");
        // the segment's manager is sam: kim's list names it, but the assignment says otherwise
        assertThat(status("/api/v1/segments/" + ServerFixture.OWN, kim)).isEqualTo(403);
        String sam = f.tokens.get(Role.SEGMENT_MANAGER);
        assertThat(status("/api/v1/segments/" + ServerFixture.OWN, sam)).isEqualTo(200);
        assertThat(status("/api/v1/customers/" + ownCustomer, sam)).isEqualTo(200);
        // the cco gives the segment to lee: sam's (cached) token loses it at once
        json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.CCO, "{\"manager\": \"lee\"}"), 200);
        assertThat(status("/api/v1/segments/" + ServerFixture.OWN, sam)).isEqualTo(403);
        assertThat(status("/api/v1/customers/" + ownCustomer, sam)).isEqualTo(403);
        assertThat(status("/api/v1/segments/" + ServerFixture.OWN + "/customers", sam)).isEqualTo(403);
        assertThat(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.SEGMENT_MANAGER, "{\"budget\": 1}").statusCode()).isEqualTo(403);
        assertThat(auth.user("sam").orElseThrow().segments()).doesNotContain(ServerFixture.OWN);
        assertThat(status("/api/v1/segments/" + ServerFixture.OWN, lee)).isEqualTo(200);
        assertThat(json(f.http.send(HttpRequest.newBuilder(URI.create(f.base() + "/api/v1/me")).header("Authorization", "Bearer " + lee).build(),
                HttpResponse.BodyHandlers.ofString()), 200).path("segments").toString()).contains(ServerFixture.OWN);
        // cleared: nobody manages it, lee loses it too
        json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.CCO, "{\"manager\": \"\"}"), 200);
        assertThat(status("/api/v1/segments/" + ServerFixture.OWN, lee)).isEqualTo(403);
        assertThat(status("/api/v1/customers/" + ownCustomer, lee)).isEqualTo(403);
        assertThat(auth.user("lee").orElseThrow().segments()).containsExactly(ServerFixture.OTHER);
        // a manager field set outside the server (rapport segments set --manager) counts after a reload, whatever the lists say
        f.store.update("UPDATE segments SET manager = 'kim' WHERE name = ?", ServerFixture.OTHER);
        try (ConnectionPool db = new ConnectionPool(f.store, 1)) {
            Assignments a = new Assignments(db);
            assertThat(a.effective(auth.user("lee").orElseThrow()).segments()).isEmpty();
            assertThat(a.effective(auth.user("kim").orElseThrow()).segments()).containsExactlyInAnyOrder(ServerFixture.OWN, ServerFixture.OTHER);
        }
        f.store.update("UPDATE segments SET manager = NULL WHERE name = ?", ServerFixture.OTHER);
        // give it back to sam for the other tests
        json(f.send("PUT", "/api/v1/users/sam/segments", Role.CCO, "{\"add\": [\"" + ServerFixture.OWN + "\"]}"), 200);
        assertThat(status("/api/v1/segments/" + ServerFixture.OWN, sam)).isEqualTo(200);
    }

    @Test
    void theCcoAddsAndRemovesAManagersSegmentsAudited() throws Exception {
        Auth auth = f.server.auth();
        auth.addUser("max", Role.SEGMENT_MANAGER, List.of(ServerFixture.OTHER), null);
        String max = auth.createToken("max");
        assertThat(status("/api/v1/segments/" + ServerFixture.OTHER, max)).isEqualTo(200);
        JsonNode removed = json(f.send("PUT", "/api/v1/users/max/segments", Role.CCO, "{\"remove\": [\"" + ServerFixture.OTHER + "\"]}"), 200);
        assertThat(removed.path("segments").size()).isZero();
        assertThat(status("/api/v1/segments/" + ServerFixture.OTHER, max)).isEqualTo(403);
        JsonNode added = json(f.send("PUT", "/api/v1/users/max/segments", Role.CCO, "{\"add\": [\"" + ServerFixture.OTHER + "\"]}"), 200);
        assertThat(added.path("segments").toString()).contains(ServerFixture.OTHER);
        assertThat(f.store.queryFirst("SELECT manager FROM segments WHERE name = ?", rs -> rs.getString(1), ServerFixture.OTHER)).contains("max");
        assertThat(status("/api/v1/segments/" + ServerFixture.OTHER, max)).isEqualTo(200);
        json(f.send("PUT", "/api/v1/users/max/segments", Role.CCO, "{\"remove\": [\"" + ServerFixture.OTHER + "\"]}"), 200);
        assertThat(f.store.queryFirst("SELECT manager FROM segments WHERE name = ?", rs -> rs.getString(1), ServerFixture.OTHER)).isEmpty();
        assertThat(json(f.send("PUT", "/api/v1/users/max/segments", Role.CCO, "{\"add\": [\"no-such-segment\"]}"), 400).path("error").asText())
                .contains("no segment 'no-such-segment'");
        assertThat(f.send("PUT", "/api/v1/users/analyst/segments", Role.CCO, "{\"add\": [\"" + ServerFixture.OTHER + "\"]}").statusCode()).isEqualTo(400);
        assertThat(f.send("PUT", "/api/v1/users/ghost/segments", Role.CCO, "{\"add\": []}").statusCode()).isEqualTo(404);
        assertThat(f.send("PUT", "/api/v1/users/max/segments", Role.CCO, "{\"add\": \"x\"}").statusCode()).isEqualTo(400);
        String audit = json(f.get("/api/v1/audit?limit=1000", Role.CCO), 200).toString();
        assertThat(audit).contains("user.segments").contains("segment.manager");
    }

    @Test
    void theCcoDeletesAUserWhoseTokensStopAtOnceAndWhoseSegmentsLoseTheirManager() throws Exception {
        Auth auth = f.server.auth();
        auth.addUser("gone", Role.SEGMENT_MANAGER, List.of(ServerFixture.OTHER), null);
        json(f.send("PUT", "/api/v1/users/gone/segments", Role.CCO, "{\"add\": [\"" + ServerFixture.OTHER + "\"]}"), 200);
        String token = auth.createToken("gone");
        assertThat(status("/api/v1/me", token)).isEqualTo(200);
        assertThat(f.send("DELETE", "/api/v1/users/gone", Role.ANALYST, null).statusCode()).isEqualTo(403);
        JsonNode r = json(f.send("DELETE", "/api/v1/users/gone", Role.CCO, null), 200);
        assertThat(r.path("segmentsWithoutManager").toString()).contains(ServerFixture.OTHER);
        assertThat(status("/api/v1/me", token)).isEqualTo(401);
        assertThat(auth.user("gone")).isEmpty();
        assertThat(f.store.queryLong("SELECT count(*) FROM segments WHERE manager = 'gone'")).isZero();
        assertThat(f.send("DELETE", "/api/v1/users/gone", Role.CCO, null).statusCode()).isEqualTo(404);
        assertThat(f.send("DELETE", "/api/v1/users/cco", Role.CCO, null).statusCode()).as("not oneself").isEqualTo(400);
        assertThat(json(f.get("/api/v1/audit", Role.CCO), 200).toString()).contains("user.delete");
    }
}
