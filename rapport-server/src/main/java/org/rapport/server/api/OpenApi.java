package org.rapport.server.api;

import org.rapport.server.RapportServer;
import org.rapport.server.auth.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.0 document from the route table, so it lists exactly the routes the server
 * registers: the JSON API (and {@code /health}); dashboard pages are not part of it.
 */
public final class OpenApi {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private OpenApi() {
    }

    public static String document(List<Endpoint> endpoints) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Rapport API");
        info.put("version", "1");
        info.put("description", "Customer equity, segments, offers and contact routing. Authenticate with "
                + "Authorization: Bearer TOKEN (rapport users add NAME --role ROLE --token). Errors are {\"error\": text, \"status\": code}.");
        ObjectNode schemes = doc.putObject("components").putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
        schemes.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", RapportServer.SESSION_COOKIE);
        ObjectNode err = doc.with("components").putObject("schemas").putObject("Error").put("type", "object");
        err.putObject("properties").putObject("error").put("type", "string");
        ((ObjectNode) err.get("properties")).putObject("status").put("type", "integer");
        err.putArray("required").add("error").add("status");
        ResponseSchemas.addTo((ObjectNode) doc.get("components"));
        ObjectNode paths = doc.putObject("paths");
        for (Endpoint e : endpoints) {
            if (e.page()) {
                continue;
            }
            operation(paths, e);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** One endpoint's operation: summary, security, parameters, body and responses. */
    private static void operation(ObjectNode paths, Endpoint e) {
        ObjectNode path = paths.has(e.path()) ? (ObjectNode) paths.get(e.path()) : paths.putObject(e.path());
        ObjectNode op = path.putObject(e.method().toLowerCase(Locale.ROOT));
        op.put("summary", e.summary());
        op.putArray("tags").add(e.tag());
        op.put("operationId", OpenApiSpec.operationId(e));
        if (e.isPublic()) {
            op.putArray("security");
        } else {
            ArrayNode sec = op.putArray("security");
            sec.addObject().putArray("bearer");
            sec.addObject().putArray("session");
            op.put("x-roles", String.join(", ", e.roles().stream().map(Role::id).sorted().toList()));
        }
        Matcher m = PARAM.matcher(e.path());
        ArrayNode params = op.putArray("parameters");
        while (m.find()) {
            ObjectNode p = params.addObject();
            p.put("name", m.group(1));
            p.put("in", "path");
            p.put("required", true);
            p.putObject("schema").put("type", "string");
        }
        OpenApiSpec.query(e, params);
        if (e.changesState() && !e.isPublic() && !e.method().equals("DELETE") && !e.path().equals("/api/v1/refresh")) {
            OpenApiSpec.body(e, op);
        }
        ObjectNode responses = op.putObject("responses");
        ResponseSchemas.schema(e, responses.putObject(ResponseSchemas.status(e)).put("description", "success").putObject("content")
                .putObject(e.path().endsWith(".csv") ? "text/csv" : "application/json").putObject("schema"));
        for (String code : e.isPublic() ? List.of("400", "405") : List.of("400", "401", "403", "404", "405")) {
            responses.putObject(code).put("description", switch (code) {
                case "400" -> "bad request";
                case "401" -> "not signed in";
                case "403" -> "the role may not do this";
                case "405" -> "another method is allowed on this path (the Allow header lists them)";
                default -> "not found, or not computed yet";
            }).putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
        }
    }
}
