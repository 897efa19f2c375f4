package org.rapport.server;

import org.rapport.server.api.Json;
import org.rapport.server.auth.Role;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.rapport.server.web.Fields;
import org.rapport.server.web.Format;

/**
 * Errors as each client reads them (HTML pages with the navigation for a browser, JSON for the API;
 * 405 for a wrong method, 404 for an unknown resource), the OpenAPI document's structure (the
 * swagger-parser validator does not resolve offline here, so its rules are checked directly), and
 * the dashboard's number formats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsAndOpenApiTest {
    private static final Pattern CAMEL = Pattern.compile("^[a-z][A-Za-z0-9]*$");

    private ServerFixture f;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        f = new ServerFixture(dir, true, RapportServer.Options.defaults());
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private HttpResponse<String> browser(String method, String path, Role as) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (as != null) {
            b.header("Authorization", "Bearer " + f.tokens.get(as));
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBrowserGetsHtmlErrorPagesWithNavigationTheApiKeepsJson() throws Exception {
        HttpResponse<String> forbidden = browser("GET", "/workspace", Role.ANALYST);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(forbidden.body()).contains("<nav aria-label=\"Main\">").contains("href=\"/overview\"").contains("Not allowed")
                .doesNotContain("{\"error\"");
        HttpResponse<String> unknown = browser("GET", "/no-such-page", Role.CCO);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("Page not found").contains("There is no page /no-such-page");
        HttpResponse<String> api = browser("GET", "/api/v1/no-such-route", Role.CCO);
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(api.body()).path("status").asInt()).isEqualTo(404);
        HttpResponse<String> plain = f.get("/overview", Role.SEGMENT_MANAGER);
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(plain.body()).path("status").asInt()).as("a client that does not ask for HTML gets JSON").isEqualTo(403);
    }

    @Test
    void aWrongMethodIs405WithAllowAndAnUnknownOfferIs404() throws Exception {
        HttpResponse<String> put = f.send("PUT", "/api/v1/customers/1004", Role.CCO, "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow").orElse("")).isEqualTo("GET");
        assertThat(Json.MAPPER.readTree(put.body()).path("status").asInt()).isEqualTo(405);
        HttpResponse<String> delete = f.send("DELETE", "/api/v1/segments", Role.CCO, null);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow").orElse("")).isEqualTo("GET, POST");
        HttpResponse<String> export = f.get("/api/v1/campaigns/no-such-offer/export.csv", Role.CCO);
        assertThat(export.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(export.body()).path("error").asText()).contains("no-such-offer");
        assertThat(f.get("/api/v1/campaigns/upgrade-gold/export.csv", Role.CCO).statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentHasReadableIdsDeclaredParametersAndOneNamingConvention() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(f.get("/api/openapi.json", null).body());
        assertThat(doc.path("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        Set<String> ids = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(o -> {
            String where = o.getKey().toUpperCase() + " " + p.getKey();
            JsonNode op = o.getValue();
            String id = op.path("operationId").asText();
            if (!CAMEL.matcher(id).matches() || !ids.add(id)) {
                wrong.add(where + ": operationId '" + id + "' is not a unique camelCase name");
            }
            Set<String> declared = new HashSet<>();
            for (JsonNode param : op.path("parameters")) {
                declared.add(param.path("in").asText() + ":" + param.path("name").asText());
                if (!param.path("schema").has("type") || param.path("name").asText().isBlank()) {
                    wrong.add(where + ": parameter without name or schema type");
                }
                if (param.path("in").asText().equals("path") && !param.path("required").asBoolean()) {
                    wrong.add(where + ": path parameter not required");
                }
            }
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(p.getKey());
            while (m.find()) {
                if (!declared.contains("path:" + m.group(1))) {
                    wrong.add(where + ": path parameter " + m.group(1) + " undeclared");
                }
            }
            if (!op.path("responses").fields().hasNext()) {
                wrong.add(where + ": no responses");
            }
            op.path("responses").forEach(r -> {
                if (!r.has("description")) {
                    wrong.add(where + ": a response without description");
                }
            });
        }));
        assertThat(wrong).isEmpty();
        assertThat(ids).contains("getCustomer", "listScores", "createSegment", "exportCampaign", "routeContact");
        for (String route : List.of("/api/v1/scores", "/api/v1/segments/{name}/customers")) {
            Set<String> q = new HashSet<>();
            doc.path("paths").path(route).path("get").path("parameters").forEach(p -> q.add(p.path("name").asText()));
            assertThat(q).as(route).contains("page", "size", "sort", "q");
        }
        assertThat(doc.path("paths").path("/api/v1/scores").path("get").toString()).contains("\"segment\"");
        assertThat(doc.path("paths").path("/api/v1/customers").path("get").toString()).contains("\"limit\"");
        // every field name in the document (schema properties) is camelCase, but for the rows marked as column names;
        // every $ref resolves
        List<String> names = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        walk(doc, names, refs);
        assertThat(names).isNotEmpty().allMatch(n -> CAMEL.matcher(n).matches(), "camelCase");
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        assertThat(doc.path("paths").path("/api/v1/route").path("post").path("requestBody").toString()).contains("customerId");
    }

    private static void walk(JsonNode n, List<String> names, List<String> refs) {
        if (n.isObject()) {
            // table rows (scores, audit entries) keep the store's column names, and say so
            if (n.has("properties") && !n.has("x-field-names")) {
                n.path("properties").fieldNames().forEachRemaining(names::add);
            }
            if (n.has("$ref")) {
                refs.add(n.path("$ref").asText());
            }
        }
        n.forEach(c -> walk(c, names, refs));
    }

    @Test
    void figuresAreFormattedForPeople() {
        Format euro = new Format("€");
        assertThat(euro.value(Format.Kind.MONEY0, 845999.7304000051)).isEqualTo("€846,000");
        assertThat(euro.value(Format.Kind.MONEY, -12.5)).isEqualTo("−€12.50");
        assertThat(new Format("EUR").value(Format.Kind.MONEY, 1234.5)).isEqualTo("1,234.50 EUR");
        assertThat(new Format("").value(Format.Kind.MONEY0, 390692.4)).isEqualTo("390,692");
        assertThat(euro.value(Format.Kind.COUNT, 1.0)).isEqualTo("1");
        assertThat(euro.value(Format.Kind.SHARE, 0.30000000000000016)).isEqualTo("30.0%");
        assertThat(euro.value(Format.Kind.PROBABILITY, 0.12345678)).isEqualTo("0.123");
        assertThat(euro.value(Format.Kind.DECIMAL, Double.NaN)).isEqualTo("n/a");
        assertThat(Format.date("2024-06-21 00:00:00")).isEqualTo("21 Jun 2024");
        assertThat(Format.date("2026-12-07 21:42:08.472033")).isEqualTo("7 Dec 2026, 21:42");
        assertThat(Format.text("the smallest BIC (-12345.6) and 0.123456789 decide")).isEqualTo("the smallest BIC (-12,345.6) and 0.123 decide");
        assertThat(Fields.label("total_clv")).isEqualTo("Total CLV");
        assertThat(Fields.label("clvMonths")).isEqualTo("CLV horizon (months)");
        assertThat(Fields.label("expectedGain")).isEqualTo("Expected gain");
        assertThat(Fields.kind("runId", 1L)).isEqualTo(Format.Kind.ID);
        assertThat(Fields.kind("prospects", 0L)).isEqualTo(Format.Kind.COUNT);
        JsonNode equity = Json.MAPPER.valueToTree(Map.of("runId", 1, "clvMonths", 36, "margin", 845999.7304000051,
                "newCustomer", Map.of("marginRate", 0.30000000000000016)));
        String shown = org.rapport.server.web.Doc.of(euro, equity, Set.of()).toString();
        assertThat(shown).contains("CLV horizon (months), value=36").contains("value=€846,000").contains("Margin rate, value=30.0%")
                .doesNotContain("0.3000000").doesNotContain("1.0000").doesNotContain("{\"");
    }
}
