/// `GET /v1/openapi.json`: the API's contract for tools. The same text is committed as
/// `docs/openapi.json` (a test keeps the two equal; `UPDATE_OPENAPI=1 swift test --filter ServeAPITests`
/// rewrites the file after an edit here).
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "PostScreen",
            "version": "1",
            "summary": "Screens UK school staff's draft social-media posts against their school's social media policy.",
            "description": "Run by `screen serve`. Findings, grades and fields follow PostScreen's SPEC.md (\"Output contract\"): fields may be added, none renamed. Offsets: `start`/`end` are UTF-8 byte offsets into the text as screened, `char_start`/`char_end` the same span in Unicode scalars (index a Python string, or `Array.from` of a JavaScript string, with them). Nothing sent is logged or kept. When the server was started with `--token-file`, every endpoint but `/`, `/v1/health` and `/v1/openapi.json` needs `Authorization: Bearer <token>`."
          },
          "servers": [{ "url": "http://127.0.0.1:8080" }],
          "security": [{}, { "bearer": [] }],
          "paths": {
            "/v1/screen": {
              "post": {
                "operationId": "screen",
                "summary": "Screen one draft.",
                "parameters": [
                  { "name": "account", "in": "query", "required": false, "description": "For a text/plain body: the account the draft is for (default: the server's --account, normally personal).", "schema": { "$ref": "#/components/schemas/Account" } },
                  { "name": "id", "in": "query", "required": false, "description": "For a text/plain body: an id to carry into the report.", "schema": { "type": "string" } }
                ],
                "requestBody": {
                  "required": true,
                  "description": "The draft, as a JSON object or as the plain text itself. UTF-8 only; at most --max-body bytes (1 MiB by default).",
                  "content": {
                    "application/json": { "schema": { "$ref": "#/components/schemas/Draft" }, "example": { "text": "Well done Ben Smith, Year 10! Text me on 07700 900123", "account": "personal" } },
                    "text/plain": { "schema": { "type": "string" } }
                  }
                },
                "responses": {
                  "200": { "description": "The report.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Report" } } } },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "408": { "$ref": "#/components/responses/TimeLimit" },
                  "413": { "$ref": "#/components/responses/TooLarge" },
                  "415": { "$ref": "#/components/responses/UnsupportedType" }
                }
              }
            },
            "/v1/screen/batch": {
              "post": {
                "operationId": "screenBatch",
                "summary": "Screen many drafts: JSON Lines in, JSON Lines out, in input order.",
                "description": "One JSON object a line (blank lines are skipped). Each non-blank line gets one line back, in the same order, streamed as it is screened: a report (with the line's id), or a line error (`{\"line\": 3, \"error\": {…}}`) for a line that is not a valid draft object. If the time limit passes mid-batch, a last line carries a `time-limit` error and the rest are not screened. The whole body counts against --max-body.",
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/x-ndjson": { "schema": { "$ref": "#/components/schemas/Draft" }, "example": "{\"id\": \"1\", \"text\": \"Ben Smith scored twice\"}\n{\"id\": \"2\", \"text\": \"Lovely trip\", \"account\": \"official\"}\n" },
                    "application/jsonl": { "schema": { "$ref": "#/components/schemas/Draft" } }
                  }
                },
                "responses": {
                  "200": { "description": "One line per non-blank input line.", "content": { "application/x-ndjson": { "schema": { "oneOf": [{ "$ref": "#/components/schemas/Report" }, { "$ref": "#/components/schemas/LineError" }] } } } },
                  "400": { "$ref": "#/components/responses/BadRequest" },
                  "401": { "$ref": "#/components/responses/Unauthorized" },
                  "408": { "$ref": "#/components/responses/TimeLimit" },
                  "413": { "$ref": "#/components/responses/TooLarge" },
                  "415": { "$ref": "#/components/responses/UnsupportedType" }
                }
              }
            },
            "/v1/health": {
              "get": {
                "operationId": "health",
                "summary": "Is the server up, and what does a client need to know to call it.",
                "security": [{}],
                "responses": { "200": { "description": "Up.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } } }
              }
            },
            "/v1/profile": {
              "get": {
                "operationId": "profile",
                "summary": "The school profile in use: the school's published identity and rule settings. People are counted, never listed.",
                "responses": {
                  "200": { "description": "The profile.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Profile" } } } },
                  "401": { "$ref": "#/components/responses/Unauthorized" }
                }
              }
            },
            "/v1/openapi.json": {
              "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "security": [{}],
                "responses": { "200": { "description": "The OpenAPI document.", "content": { "application/json": { "schema": { "type": "object" } } } } }
              }
            },
            "/": {
              "get": {
                "operationId": "page",
                "summary": "The page staff use: a draft box checked as they type.",
                "security": [{}],
                "responses": { "200": { "description": "A self-contained HTML page.", "content": { "text/html": { "schema": { "type": "string" } } } } }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": { "type": "http", "scheme": "bearer", "description": "The token in the server's --token-file." }
            },
            "schemas": {
              "Account": { "type": "string", "enum": ["personal", "official"] },
              "Grade": { "type": "string", "enum": ["notice", "caution", "warning", "block"], "description": "Lowest first." },
              "Draft": {
                "type": "object",
                "required": ["text"],
                "properties": {
                  "text": { "type": "string", "description": "The draft as written." },
                  "account": { "$ref": "#/components/schemas/Account" },
                  "id": { "type": ["string", "integer"], "description": "Carried into the report (as a string)." }
                }
              },
              "Finding": {
                "type": "object",
                "required": ["category", "rule", "grade", "confidence", "start", "end", "char_start", "char_end", "line", "column", "text", "message", "reason", "suggestion", "evidence"],
                "properties": {
                  "category": { "type": "string", "enum": ["pupil-name", "contact-details", "defamation", "confidential", "school-branding", "grievance", "pupil-contact", "pupil-image", "abuse", "security"] },
                  "rule": { "type": "string", "description": "`category.rule`, such as `pupil-name.roster`; ends in `.model` when the trained scorer raised it.", "examples": ["pupil-name.roster"] },
                  "grade": { "$ref": "#/components/schemas/Grade" },
                  "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
                  "start": { "type": "integer", "description": "UTF-8 byte offset where the span starts." },
                  "end": { "type": "integer", "description": "UTF-8 byte offset just past the span." },
                  "char_start": { "type": "integer", "description": "Unicode scalar offset where the span starts: text[char_start:char_end] in Python is the span." },
                  "char_end": { "type": "integer", "description": "Unicode scalar offset just past the span." },
                  "line": { "type": "integer", "minimum": 1 },
                  "column": { "type": "integer", "minimum": 1, "description": "Counted in Unicode scalars." },
                  "text": { "type": "string", "description": "The span, exactly as in the draft." },
                  "message": { "type": "string", "description": "What is wrong, for the person posting." },
                  "reason": { "type": "string", "description": "The policy reason." },
                  "suggestion": { "type": ["string", "null"], "description": "A concrete fix, or null where there is none." },
                  "evidence": { "type": "array", "items": { "type": "string" }, "description": "For a trained scorer's finding: the words or phrases that carried it; empty for a rule's." }
                }
              },
              "Report": {
                "type": "object",
                "required": ["verdict", "findings", "input_warnings"],
                "properties": {
                  "id": { "type": "string" },
                  "safer_text": { "type": "string", "description": "The draft with the fixes that need no judgement applied (a pupil's surname cut to its initial, a phone number or email address removed). Absent when there are none." },
                  "verdict": { "type": "string", "enum": ["clear", "notice", "caution", "warning", "block"] },
                  "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" } },
                  "input_warnings": { "type": "array", "items": { "type": "string" }, "description": "Problems with the input itself; empty when there are none." }
                }
              },
              "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                  "error": {
                    "type": "object",
                    "required": ["status", "code", "message"],
                    "properties": {
                      "status": { "type": "integer" },
                      "code": { "type": "string", "enum": ["bad-json", "bad-request", "invalid-utf8", "body-too-large", "time-limit", "unsupported-content-type", "unauthorized", "wrong-host", "method-not-allowed", "not-found", "internal"] },
                      "message": { "type": "string" }
                    }
                  }
                }
              },
              "LineError": {
                "allOf": [{ "$ref": "#/components/schemas/Error" }, { "type": "object", "required": ["line"], "properties": { "line": { "type": "integer", "description": "1-based line of the batch." } } }]
              },
              "Health": {
                "type": "object",
                "required": ["status", "version", "auth", "default_account", "max_body"],
                "properties": {
                  "status": { "const": "ok" },
                  "version": { "type": "string" },
                  "auth": { "type": "string", "enum": ["none", "bearer"] },
                  "default_account": { "$ref": "#/components/schemas/Account" },
                  "max_body": { "type": "integer", "description": "The largest body accepted, in bytes." }
                }
              },
              "Profile": {
                "type": "object",
                "properties": {
                  "school": {
                    "type": "object",
                    "properties": {
                      "name": { "type": ["string", "null"] }, "aliases": { "type": "array", "items": { "type": "string" } },
                      "trust": { "type": ["string", "null"] }, "hashtags": { "type": "array", "items": { "type": "string" } },
                      "handles": { "type": "array", "items": { "type": "string" } }, "domains": { "type": "array", "items": { "type": "string" } },
                      "mottos": { "type": "array", "items": { "type": "string" } }, "phones": { "type": "array", "items": { "type": "string" } }
                    }
                  },
                  "rules": { "type": "object", "additionalProperties": { "type": "string", "enum": ["off", "notice", "caution", "warning", "block"] }, "description": "The profile's [rules] settings by category or rule id." },
                  "sensitivity": { "type": "object", "additionalProperties": { "type": "string", "enum": ["low", "normal", "high"] } },
                  "people": { "type": "object", "properties": { "pupils": { "type": "integer" }, "staff": { "type": "integer" }, "no_images": { "type": "integer" } } },
                  "default_account": { "$ref": "#/components/schemas/Account" }
                }
              }
            },
            "responses": {
              "BadRequest": { "description": "Not valid JSON, not a draft object, invalid UTF-8, or an unknown account.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
              "Unauthorized": { "description": "The server needs its token and the request did not carry it.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
              "TimeLimit": { "description": "The body did not arrive within the server's time limit.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
              "TooLarge": { "description": "The body is larger than --max-body.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
              "UnsupportedType": { "description": "A Content-Type the endpoint does not take, or a charset other than UTF-8.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
          }
        }
        """#
}
