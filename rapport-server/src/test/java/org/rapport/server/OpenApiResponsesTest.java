package org.rapport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.server.api.Json;
import org.rapport.server.auth.Role;

/**
 * A client that trusts the OpenAPI document can parse what the server sends: each typed route is
 * called for real (as the cco, on a simulated world) and its body validated against the schema the
 * document declares for the status it declares (networknt json-schema-validator, JSON Schema 2020-12 as
 * OpenAPI 3.1 uses it), offline. A field added, renamed, retyped or made null without the document
 * saying so fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiResponsesTest {
    private ServerFixture f;
    private JsonNode doc;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
        f.server.auth().addUser("schemauser", Role.SEGMENT_MANAGER, List.of(ServerFixture.OTHER), null);
        f.server.auth().addUser("gone", Role.AGENT, List.of(), null);
        doc = Json.MAPPER.readTree(f.get("/api/openapi.json", null).body());
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private record Call(String route, String path, String body) {
    }

    @Test
    void realResponsesMatchTheDeclaredSchemas() throws Exception {
        List<Call> calls = List.of(
                new Call("GET /api/v1/me", "/api/v1/me", null),
                new Call("POST /api/v1/users", "/api/v1/users", "{\"name\": \"schemanew\", \"role\": \"analyst\", \"password\": \"long enough\"}"),
                new Call("GET /api/v1/users", "/api/v1/users", null),
                new Call("PUT /api/v1/users/{name}/role", "/api/v1/users/schemanew/role", "{\"role\": \"agent\"}"),
                new Call("PUT /api/v1/users/{name}/segments", "/api/v1/users/schemauser/segments", "{\"add\": [\"" + ServerFixture.OWN + "\"]}"),
                new Call("DELETE /api/v1/users/{name}", "/api/v1/users/gone", null),
                new Call("POST /api/v1/jobs", "/api/v1/jobs", "{\"kind\": \"analyze\", \"file\": \"transactions.csv\", \"calibrationEnd\": \""
                        + f.world.calibrationEnd() + "\", \"clvMonths\": 24}"),
                new Call("GET /api/v1/jobs", "/api/v1/jobs", null),
                new Call("GET /api/v1/jobs/{id}", "/api/v1/jobs/1", null),
                new Call("GET /api/v1/scores", "/api/v1/scores?size=50&sort=-clv", null),
                new Call("GET /api/v1/segments/{name}/customers", "/api/v1/segments/" + ServerFixture.OWN + "/customers", null),
                new Call("GET /api/v1/validation", "/api/v1/validation", null),
                new Call("GET /api/v1/audit", "/api/v1/audit", null));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        List<String> wrong = new ArrayList<>();
        for (Call c : calls) {
            String method = c.route().substring(0, c.route().indexOf(' '));
            String template = c.route().substring(c.route().indexOf(' ') + 1);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + c.path())).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + f.tokens.get(Role.CCO));
            b = c.body() == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(c.body()));
            HttpResponse<String> r = f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode responses = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT)).path("responses");
            String declared = responses.fieldNames().next();
            if (!String.valueOf(r.statusCode()).equals(declared)) {
                wrong.add(c.route() + ": answered " + r.statusCode() + ", the document declares " + declared + " (" + r.body() + ")");
                continue;
            }
            JsonNode schema = responses.path(declared).path("content").path("application/json").path("schema");
            assertThat(schema.has("$ref")).as("%s has a typed schema", c.route()).isTrue();
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.set("components", doc.path("components"));
            root.put("$ref", schema.path("$ref").asText());
            Schema s = registry.getSchema(Json.MAPPER.writeValueAsString(root));
            s.validate(Json.MAPPER.readTree(r.body())).forEach(e -> wrong.add(c.route() + ": " + e));
        }
        assertThat(wrong).as("responses that do not match the OpenAPI document").isEmpty();
    }

    @Test
    void aWrongResponseIsCaught() throws Exception {
        // the check can fail: a job whose state is not one of the four, and a user without segments
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("components", doc.path("components"));
        root.put("$ref", "#/components/schemas/Job");
        JsonNode job = Json.MAPPER.readTree(f.get("/api/v1/jobs", Role.CCO).body());
        ObjectNode bad = Json.MAPPER.createObjectNode().put("id", 1).put("kind", "analyze").put("state", "PAUSED");
        assertThat(registry.getSchema(Json.MAPPER.writeValueAsString(root)).validate(bad)).isNotEmpty();
        root.put("$ref", "#/components/schemas/User");
        assertThat(registry.getSchema(Json.MAPPER.writeValueAsString(root)).validate(Json.MAPPER.readTree("{\"name\": \"x\", \"role\": \"CCO\"}")))
                .isNotEmpty();
        assertThat(job.isArray()).isTrue();
    }
}
