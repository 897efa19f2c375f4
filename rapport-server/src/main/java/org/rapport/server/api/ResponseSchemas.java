package org.rapport.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed response bodies of the OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1 has it): the
 * success status of each route and the schema of its body. Numbers the server may write as
 * {@code "NaN"} or {@code "Infinity"} ({@link Json}) are {@code Number}. Routes not listed here are
 * described as an object without a typed shape (docs/server.md, "Left to do").
 */
final class ResponseSchemas {
    /** The components: one schema per response shape. */
    static final String COMPONENTS = """
            {
              "Number": {"description": "a number; NaN and infinities are written as strings",
                "anyOf": [{"type": "number"}, {"type": "string", "enum": ["NaN", "Infinity", "-Infinity"]}]},
              "NullableNumber": {"anyOf": [{"$ref": "#/components/schemas/Number"}, {"type": "null"}]},
              "User": {"type": "object", "required": ["name", "role", "segments"], "additionalProperties": false,
                "properties": {"name": {"type": "string"}, "role": {"type": "string", "enum": ["CCO", "ANALYST", "SEGMENT_MANAGER", "AGENT"]},
                  "segments": {"type": "array", "items": {"type": "string"}}}},
              "Users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
              "DeletedUser": {"type": "object", "required": ["user", "deleted", "segmentsWithoutManager"], "additionalProperties": false,
                "properties": {"user": {"type": "string"}, "deleted": {"type": "boolean"},
                  "segmentsWithoutManager": {"type": "array", "items": {"type": "string"}}}},
              "Upload": {"type": "object", "required": ["file", "bytes"], "additionalProperties": false,
                "properties": {"file": {"type": "string"}, "bytes": {"type": "integer", "minimum": 0}}},
              "Job": {"type": "object", "additionalProperties": false,
                "required": ["id", "kind", "file", "user", "state", "stage", "done", "total", "message", "runId", "submitted", "finished"],
                "properties": {"id": {"type": "integer"}, "kind": {"type": "string"}, "file": {"type": ["string", "null"]},
                  "user": {"type": ["string", "null"]}, "state": {"type": "string", "enum": ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]},
                  "stage": {"type": ["string", "null"]}, "done": {"type": "integer"}, "total": {"type": "integer"},
                  "message": {"type": ["string", "null"]}, "runId": {"type": ["integer", "null"]},
                  "submitted": {"type": "string", "format": "date-time"}, "finished": {"type": ["string", "null"], "format": "date-time"}}},
              "Jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
              "Score": {"type": "object", "additionalProperties": false, "x-field-names": "the store's column names (snake_case)",
                "required": ["customer_id", "x", "t_x", "t", "p_alive", "expected_purchases", "expected_spend", "clv", "clv_lower", "clv_upper"],
                "properties": {"customer_id": {"type": "string"}, "x": {"type": "integer"}, "t_x": {"$ref": "#/components/schemas/Number"},
                  "t": {"$ref": "#/components/schemas/Number"}, "p_alive": {"$ref": "#/components/schemas/Number"},
                  "expected_purchases": {"$ref": "#/components/schemas/Number"},
                  "expected_spend": {"$ref": "#/components/schemas/NullableNumber"}, "clv": {"$ref": "#/components/schemas/NullableNumber"},
                  "clv_lower": {"$ref": "#/components/schemas/NullableNumber"}, "clv_upper": {"$ref": "#/components/schemas/NullableNumber"}}},
              "ScorePage": {"type": "object", "required": ["rows", "total", "page", "size"], "additionalProperties": false,
                "properties": {"rows": {"type": "array", "items": {"$ref": "#/components/schemas/Score"}}, "total": {"type": "integer"},
                  "page": {"type": "integer"}, "size": {"type": "integer"}}},
              "Parameter": {"type": "object", "required": ["name", "value"],
                "properties": {"name": {"type": "string"}, "value": {"$ref": "#/components/schemas/Number"},
                  "stdError": {"$ref": "#/components/schemas/Number"}, "lower": {"$ref": "#/components/schemas/Number"},
                  "upper": {"$ref": "#/components/schemas/Number"}}},
              "ModelSummary": {"type": "object", "required": ["model", "parameters"],
                "properties": {"model": {"type": "string"}, "parameters": {"type": "array", "items": {"$ref": "#/components/schemas/Parameter"}},
                  "level": {"$ref": "#/components/schemas/Number"}, "logLikelihood": {"$ref": "#/components/schemas/Number"},
                  "aic": {"$ref": "#/components/schemas/Number"}, "bic": {"$ref": "#/components/schemas/Number"},
                  "customers": {"type": "integer"}, "converged": {"type": "boolean"}}},
              "Candidate": {"type": "object", "required": ["model", "bic", "chosen"],
                "properties": {"model": {"type": "string"}, "holdoutLogLikelihood": {"$ref": "#/components/schemas/Number"},
                  "bic": {"$ref": "#/components/schemas/Number"}, "holdoutMae": {"$ref": "#/components/schemas/Number"},
                  "chosen": {"type": "boolean"}, "reason": {"type": ["string", "null"]}}},
              "Totals": {"type": "object", "required": ["customers", "totalClv", "meanClv", "expectedPurchases", "expectedAlive"],
                "properties": {"customers": {"type": "integer"}, "totalClv": {"$ref": "#/components/schemas/Number"},
                  "meanClv": {"$ref": "#/components/schemas/Number"}, "expectedPurchases": {"$ref": "#/components/schemas/Number"},
                  "expectedAlive": {"$ref": "#/components/schemas/Number"}}},
              "Validation": {"type": "object", "required": ["runId", "purchaseModel", "candidates", "totals"],
                "properties": {"runId": {"type": "integer"}, "purchaseModel": {"$ref": "#/components/schemas/ModelSummary"},
                  "spendModel": {"anyOf": [{"$ref": "#/components/schemas/ModelSummary"}, {"type": "null"}]},
                  "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}},
                  "validation": {"anyOf": [{"type": "null"}, {"type": "object", "required": ["calibrationEnd", "holdoutEnd", "mae", "aggregateError"],
                    "properties": {"calibrationEnd": {"type": "string", "format": "date"}, "holdoutEnd": {"type": "string", "format": "date"},
                      "mae": {"$ref": "#/components/schemas/Number"}, "rmse": {"$ref": "#/components/schemas/Number"},
                      "bias": {"$ref": "#/components/schemas/Number"}, "aggregateError": {"$ref": "#/components/schemas/Number"},
                      "buckets": {"type": "array"}, "tracking": {"type": "array"}}}]},
                  "totals": {"$ref": "#/components/schemas/Totals"}}},
              "AuditEntry": {"type": "object", "additionalProperties": false, "x-field-names": "the store's column names (snake_case)",
                "required": ["audit_id", "changed_at", "user_name", "action", "target", "before_json", "after_json"],
                "properties": {"audit_id": {"type": "integer"}, "changed_at": {"type": "string"}, "user_name": {"type": "string"},
                  "action": {"type": "string"}, "target": {"type": "string"}, "before_json": {"type": ["string", "null"]},
                  "after_json": {"type": ["string", "null"]}}},
              "Audit": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}
            }""";

    /** Route → its success status and the component its body is. */
    static final Map<String, String[]> RESPONSES = new LinkedHashMap<>();

    static {
        RESPONSES.put("GET /api/v1/me", new String[] {"200", "User"});
        RESPONSES.put("GET /api/v1/users", new String[] {"200", "Users"});
        RESPONSES.put("POST /api/v1/users", new String[] {"201", "User"});
        RESPONSES.put("PUT /api/v1/users/{name}/role", new String[] {"200", "User"});
        RESPONSES.put("PUT /api/v1/users/{name}/segments", new String[] {"200", "User"});
        RESPONSES.put("DELETE /api/v1/users/{name}", new String[] {"200", "DeletedUser"});
        RESPONSES.put("POST /api/v1/uploads", new String[] {"201", "Upload"});
        RESPONSES.put("POST /api/v1/jobs", new String[] {"202", "Job"});
        RESPONSES.put("GET /api/v1/jobs", new String[] {"200", "Jobs"});
        RESPONSES.put("GET /api/v1/jobs/{id}", new String[] {"200", "Job"});
        RESPONSES.put("GET /api/v1/scores", new String[] {"200", "ScorePage"});
        RESPONSES.put("GET /api/v1/segments/{name}/customers", new String[] {"200", "ScorePage"});
        RESPONSES.put("GET /api/v1/validation", new String[] {"200", "Validation"});
        RESPONSES.put("GET /api/v1/audit", new String[] {"200", "Audit"});
        RESPONSES.put("POST /api/v1/segments", new String[] {"201", null});
    }

    private ResponseSchemas() {
    }

    /** @param components the document's {@code components} object: the schemas are added to its {@code schemas} */
    static void addTo(ObjectNode components) {
        try {
            components.with("schemas").setAll((ObjectNode) Json.MAPPER.readTree(COMPONENTS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the response schemas are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** @param e a route @return its success status */
    static String status(Endpoint e) {
        String[] r = RESPONSES.get(e.key());
        return r == null ? "200" : r[0];
    }

    /**
     * Sets the schema of a route's success body.
     *
     * @param e the route
     * @param schema the (empty) schema object of its success response
     */
    static void schema(Endpoint e, ObjectNode schema) {
        String[] r = RESPONSES.get(e.key());
        if (e.path().endsWith(".csv")) {
            schema.put("type", "string");
        } else if (r != null && r[1] != null) {
            schema.put("$ref", "#/components/schemas/" + r[1]);
        } else {
            schema.put("type", "object");
        }
    }
}
