package org.liaison.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.node.Cluster.plan;
import static org.liaison.node.Cluster.volume;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.NodeClient;
import org.liaison.deconfliction.ErrorReportCases;
import org.liaison.http.Json;

/**
 * Every {@code /uss/v1} operation a node serves, driven through a real port to each status the
 * node gives, and every answer validated against the ASTM F3548-21 OpenAPI file: the status must
 * be listed for the operation, and the body must match its schema.
 */
class PeerOpenApiTest {
  @TempDir static Path dir;
  static Cluster cluster;
  static Node a;
  static Node b;
  static OpenApiInteractionValidator validator;
  static final HttpClient http = HttpClient.newHttpClient();
  static final String SC = "utm.strategic_coordination";
  static final String CP = "utm.constraint_processing";
  static final String CM = "utm.constraint_management";
  static final String CMSA = "utm.conformance_monitoring_sa";
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(1));
  static final List<String> checked = new ArrayList<>();

  /**
   * The spec as published, with one fix: its UUIDv4Format pattern sits in a YAML folded block
   * ({@code >-}), where backslashes stay literal, so {@code \\-} demands a backslash before each
   * hyphen and no UUID matches, not even the spec's own example. The copy used here writes a plain
   * hyphen.
   */
  static String spec() throws IOException {
    try (InputStream in = PeerOpenApiTest.class.getResourceAsStream("/spec/astm-f3548-21-utm.yaml")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String broken = "^[0-9a-fA-F]{8}\\\\-[0-9a-fA-F]{4}\\\\-4[0-9a-fA-F]{3}\\\\-[8-b][0-9a-fA-F]{3}\\\\-[0-9a-fA-F]{12}$";
      assertThat(text).as("the spec's UUIDv4Format pattern, as published").contains(broken);
      return text.replace(broken, "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[8-b][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    // The spec sets no additionalProperties: false, so by JSON Schema extra fields (our error
    // answers' request_id) are allowed; the validator's own default would refuse them.
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec())
        .withLevelResolver(LevelResolver.create()
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE).build())
        .build();
    cluster = new Cluster(dir);
    a = cluster.node("A");
    b = cluster.node("B");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static HttpResponse<String> send(Node n, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(n.baseUrl() + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      rb.header("Content-Type", "application/json");
    }
    rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    validate(method, path, r);
    return r;
  }

  /** The answer against the spec: its status listed for the operation, its body of the schema. */
  static void validate(String method, String path, HttpResponse<String> r) {
    SimpleResponse.Builder resp = SimpleResponse.Builder.status(r.statusCode());
    r.headers().firstValue("Content-Type").ifPresent(resp::withContentType);
    if (!r.body().isEmpty()) {
      resp.withBody(r.body());
    }
    ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), resp.build());
    assertThat(report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList()).as("%s %s answered %d: %s", method, path, r.statusCode(), r.body()).isEmpty();
    checked.add(method + " " + path.replaceAll("[0-9a-f-]{36}", "{id}") + " " + r.statusCode());
  }

  static HttpResponse<String> expect(int status, HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r;
  }

  @Test
  void every_uss_v1_answer_matches_the_spec() throws Exception {
    NodeClient ops = Cluster.client(a);
    NodeClient.Answer p = ops.submit(plan(0, "spec run", volume(10.0, 20.0, 500, 0, 120, T0, T0.plus(Duration.ofMinutes(20)))));
    assertThat(p.status()).as(p.body().toString()).isEqualTo(201);
    UUID id = UUID.fromString(p.body().path("plan").path("id").asText());
    ObjectNode restriction = Json.MAPPER.createObjectNode().put("type", "com.example.closure");
    restriction.putArray("volumes").add(volume(11.0, 21.0, 800, 0, 300, T0, T0.plus(Duration.ofHours(1))));
    NodeClient.Answer rr = ops.call("POST", "/liaison/v1/restrictions", restriction);
    assertThat(rr.status()).as(rr.body().toString()).isEqualTo(201);
    UUID cid = UUID.fromString(rr.body().path("restriction").path("id").asText());
    String oi = "/uss/v1/operational_intents/";
    String unknown = UUID.randomUUID().toString();

    // Details of an operational intent: 200, 400, 401, 403, 404.
    JsonNode details = Json.MAPPER.readTree(expect(200, send(a, "GET", oi + id, cluster.token("B", SC), null)).body());
    expect(400, send(a, "GET", oi + "not-a-uuid", cluster.token("B", SC), null));
    expect(401, send(a, "GET", oi + id, null, null));
    expect(403, send(a, "GET", oi + id, cluster.token("B", CMSA), null));
    expect(404, send(a, "GET", oi + unknown, cluster.token("B", SC), null));

    // Details of a constraint: 200, 400, 401, 403, 404.
    String cs = "/uss/v1/constraints/";
    JsonNode constraint = Json.MAPPER.readTree(expect(200, send(a, "GET", cs + cid, cluster.token("B", CP), null)).body());
    expect(400, send(a, "GET", cs + "x", cluster.token("B", CP), null));
    expect(401, send(a, "GET", cs + cid, null, null));
    expect(403, send(a, "GET", cs + cid, cluster.token("B", SC), null));
    expect(404, send(a, "GET", cs + unknown, cluster.token("B", CP), null));

    // Notifications, to B's node as A: 204, 400, 401, 403, 409.
    ObjectNode note = Json.MAPPER.createObjectNode().put("operational_intent_id", id.toString());
    note.set("operational_intent", details.get("operational_intent"));
    note.putArray("subscriptions").addObject().put("subscription_id", UUID.randomUUID().toString()).put("notification_index", 1);
    expect(204, send(b, "POST", "/uss/v1/operational_intents", cluster.token("A", SC), note.toString()));
    expect(400, send(b, "POST", "/uss/v1/operational_intents", cluster.token("A", SC), "{\"operational_intent_id\": 5}"));
    expect(401, send(b, "POST", "/uss/v1/operational_intents", null, note.toString()));
    expect(403, send(b, "POST", "/uss/v1/operational_intents", cluster.token("C", SC), note.toString()));
    ObjectNode older = note.deepCopy();
    ((ObjectNode) older.at("/operational_intent/reference")).put("version", 0);
    expect(409, send(b, "POST", "/uss/v1/operational_intents", cluster.token("A", SC), older.toString()));

    ObjectNode cnote = Json.MAPPER.createObjectNode().put("constraint_id", cid.toString());
    cnote.set("constraint", constraint.get("constraint"));
    cnote.putArray("subscriptions").addObject().put("subscription_id", UUID.randomUUID().toString()).put("notification_index", 1);
    expect(204, send(b, "POST", "/uss/v1/constraints", cluster.token("A", CM), cnote.toString()));
    expect(400, send(b, "POST", "/uss/v1/constraints", cluster.token("A", CM), "[]"));
    expect(401, send(b, "POST", "/uss/v1/constraints", null, cnote.toString()));
    expect(403, send(b, "POST", "/uss/v1/constraints", cluster.token("A", SC), cnote.toString()));

    // Reports: 201, 400, 401, 403.
    expect(201, send(a, "POST", "/uss/v1/reports", cluster.token("B", SC), ErrorReportCases.valid().toString()));
    expect(400, send(a, "POST", "/uss/v1/reports", cluster.token("B", SC), ErrorReportCases.bad().get(5).body()));
    expect(401, send(a, "POST", "/uss/v1/reports", null, ErrorReportCases.valid().toString()));
    expect(403, send(a, "POST", "/uss/v1/reports", cluster.token("B", "other.scope"), ErrorReportCases.valid().toString()));

    // Telemetry: 409 nominal, 412 none yet, 200; 400, 401, 403, 404.
    String tel = "/telemetry";
    expect(409, send(a, "GET", oi + id + tel, cluster.token("B", CMSA), null));
    assertThat(ops.lifecycle(id, "activate").status()).isEqualTo(200);
    assertThat(ops.lifecycle(id, "nonconforming").status()).isEqualTo(200);
    expect(412, send(a, "GET", oi + id + tel, cluster.token("B", CMSA), null));
    ObjectNode t = Json.MAPPER.createObjectNode();
    t.putObject("time_measured").put("value", Instant.now().toString()).put("format", "RFC3339");
    t.putObject("position").put("latitude", 10.0).put("longitude", 20.0).put("accuracy_h", "HA3m").put("extrapolated", false)
        .putObject("altitude").put("value", 50).put("reference", "W84").put("units", "M");
    t.putObject("velocity").put("speed", 3.5).put("units_speed", "MetersPerSecond").put("track", 270);
    assertThat(ops.telemetry(id, t).status()).isEqualTo(200);
    expect(200, send(a, "GET", oi + id + tel, cluster.token("B", CMSA), null));
    expect(400, send(a, "GET", oi + "x" + tel, cluster.token("B", CMSA), null));
    expect(401, send(a, "GET", oi + id + tel, null, null));
    expect(403, send(a, "GET", oi + id + tel, cluster.token("B", SC), null));
    expect(404, send(a, "GET", oi + unknown + tel, cluster.token("B", CMSA), null));

    // The OVN-hiding rule makes a Nonconforming reference's details change: still of the schema.
    expect(200, send(a, "GET", oi + id, cluster.token("B", SC), null));
    System.out.println("validated against the F3548 OpenAPI file: " + String.join(", ", checked));
  }

  @Test
  void the_validator_refuses_an_unlisted_status_and_a_body_off_the_schema() {
    String path = "/uss/v1/operational_intents/" + UUID.randomUUID() + "/telemetry";
    ValidationReport teapot = validator.validateResponse(path, Request.Method.GET,
        SimpleResponse.Builder.status(418).withContentType("application/json").withBody("{\"message\":\"x\"}").build());
    assertThat(teapot.hasErrors()).as("418 is not listed for getOperationalIntentTelemetry").isTrue();
    ValidationReport noId = validator.validateResponse(path, Request.Method.GET,
        SimpleResponse.Builder.status(200).withContentType("application/json")
            .withBody("{\"telemetry\":{\"time_measured\":{\"value\":\"2030-01-01T00:00:00Z\",\"format\":\"RFC3339\"}}}").build());
    assertThat(noId.hasErrors()).as("operational_intent_id is required").isTrue();
    ValidationReport badUuid = validator.validateResponse(path, Request.Method.GET,
        SimpleResponse.Builder.status(200).withContentType("application/json")
            .withBody("{\"operational_intent_id\":\"not-a-uuid\"}").build());
    assertThat(badUuid.hasErrors()).as("the patched UUIDv4Format pattern still refuses a non-UUID").isTrue();
  }
}
