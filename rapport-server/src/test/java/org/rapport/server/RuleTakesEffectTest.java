package org.rapport.server;

import static org.rapport.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.server.api.Json;
import org.rapport.server.auth.Role;

/**
 * Issue 19 item 2: a saved rule takes effect at once. The fixture's world (2,000 customers, scored) has
 * the rule segment {@code high_value} (clv &gt; 100, priority 1) and the discovered {@code the_rest} (every
 * customer's cluster).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleTakesEffectTest {
    private ServerFixture f;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private long scores(String where) {
        return f.store.queryLong("SELECT count(*) FROM customer_scores WHERE " + where);
    }

    @Test
    void ruleEditsCountAtOnceAndADiscoveredSegmentBecomesARuleSegment() throws Exception {
        // a rule segment's edited rule: its count is the rule's count as soon as the save returns
        JsonNode own = json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OWN, Role.CCO, "{\"rule\": \"clv > 150\"}"), 200);
        assertThat(own.path("customers").asLong()).isEqualTo(scores("clv > 150")).isPositive();
        assertThat(own.path("note").asText()).contains("now holds");
        // a new rule segment shows its real count at once (priority 5: after high_value)
        JsonNode created = json(f.send("POST", "/api/v1/segments", Role.CCO,
                "{\"name\": \"frequent\", \"rule\": \"x >= 3\", \"priority\": 5}"), 201);
        assertThat(created.path("customers").asLong()).isEqualTo(scores("x >= 3 AND NOT clv > 150")).isPositive();
        // the manager's case: a rule typed on a discovered segment is no longer ignored; the segment becomes a
        // rule segment (keeping its priority, 2, here; a discovery leaves it empty and it then goes after the
        // rule segments), and the save says so
        JsonNode rest = json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OTHER, Role.CCO,
                "{\"rule\": \"clv > 50 and p_alive > 0.5\"}"), 200);
        assertThat(rest.path("kind").asText()).isEqualTo("rule");
        assertThat(rest.path("note").asText()).contains("was a discovered segment").contains("now a rule segment");
        long expected = scores("clv > 50 AND p_alive > 0.5 AND NOT clv > 150");
        assertThat(rest.path("customers").asLong()).isEqualTo(expected).isPositive();
        // its former cluster members that match no rule are unassigned, not silently kept
        assertThat(f.store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = 'unassigned'"))
                .isGreaterThanOrEqualTo(scores("NOT coalesce(clv > 150 OR x >= 3 OR (clv > 50 AND p_alive > 0.5), false)")).isPositive();
        assertThat(f.store.queryLong("SELECT count(*) FROM customer_segment JOIN customer_scores USING (customer_id)"
                + " WHERE segment = ? AND NOT (clv > 50 AND p_alive > 0.5)", ServerFixture.OTHER)).isZero();
        // a bad rule changes nothing
        assertThat(json(f.send("PUT", "/api/v1/segments/" + ServerFixture.OTHER, Role.CCO, "{\"rule\": \"colour = 'red'\"}"), 400)
                .path("error").asText()).contains("rule:");
        assertThat(f.store.queryLong("SELECT count(*) FROM customer_segment WHERE segment = ?", ServerFixture.OTHER)).isEqualTo(expected);
    }
}
