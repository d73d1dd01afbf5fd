package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.liaison.hub.Hub;

/**
 * Drives every {@code /dss/v1} operation of the ASTM F3548-21 OpenAPI file against a real hub,
 * through a real port, and validates every answer with Atlassian's OpenAPI validator: its status
 * must be one the spec lists for that operation, and its body must match that status's schema.
 * The requests the test means to be valid are validated too, so a bad answer cannot hide behind
 * a bad request. Error answers (400, 401, 403, 404, 409, 412, 413) are driven as well as successes.
 *
 * <p>The spec is the published file, kept unchanged in the test resources
 * ({@code spec/astm-f3548-21-utm.yaml}); {@code -Dliaison.astm.spec=FILE} tries another copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceTest {
  private static final String SPEC_PROPERTY = "liaison.astm.spec";

  private final List<Path> dirs = new ArrayList<>();
  private final List<Hub> hubs = new ArrayList<>();
  private DssClient defaultHub;
  private DssClient strictHub;
  /** The hub the running scenario talks to. */
  private DssClient client;
  private OpenApiInteractionValidator validator;
  private Site site;
  /** Every operation answered, as "METHOD spec-path status", to check that all were driven. */
  private final Set<String> seen = new LinkedHashSet<>();
  private final List<String> problems = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    String other = System.getProperty(SPEC_PROPERTY);
    String text;
    if (other != null) {
      text = Files.readString(Path.of(other));
    } else {
      try (InputStream in = OpenApiConformanceTest.class.getResourceAsStream("/spec/astm-f3548-21-utm.yaml")) {
        assertThat(in).as("the ASTM OpenAPI file in the test resources").isNotNull();
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(patched(text))
        // The spec says fields not declared in the API must be ignored (its introduction), and
        // declares no additionalProperties: false; the validator would otherwise refuse extras.
        .withLevelResolver(LevelResolver.create()
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
            // The validator parses a path parameter whose schema is composed (EntityID is an
            // anyOf of UUIDv4Format) as JSON and fails on every UUID; bodies are still checked.
            .withLevel("validation.request.parameter.schema.invalidJson", ValidationReport.Level.IGNORE)
            .build())
        .build();
    defaultHub = hub(false);
    strictHub = hub(true);
  }

  private DssClient hub(boolean strict) throws IOException {
    Path dir = Files.createTempDirectory("liaison-openapi-");
    dirs.add(dir);
    Hub hub = Hub.start(DssContractTest.options(dir, null, true).withStrictAstm(strict), java.time.Clock.systemUTC());
    hubs.add(hub);
    return DssClient.local(hub.port(), () -> Instant.now().truncatedTo(ChronoUnit.SECONDS),
        (sub, scopes) -> hub.devAuthority().mint(sub, scopes, DssContractTest.AUDIENCE, "openapi-test",
            Duration.ofHours(1)));
  }

  /**
   * The spec's {@code UUIDv4Format} pattern is broken as published: it is a YAML folded block
   * ({@code >-}), in which backslashes are literal, so the regex reads {@code \\-} (a literal
   * backslash, then any of a range) and no UUID matches it, not even the spec's own example. The
   * intended pattern has plain hyphens; this copy, used only by this test, says that.
   */
  static String patched(String spec) {
    String broken = "^[0-9a-fA-F]{8}\\\\-[0-9a-fA-F]{4}\\\\-4[0-9a-fA-F]{3}\\\\-[8-b][0-9a-fA-F]{3}\\\\-[0-9a-fA-F]{12}$";
    String fixed = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$";
    if (!spec.contains(broken)) {
      throw new IllegalStateException("the spec's UUIDv4Format pattern changed; check whether the patch is still needed");
    }
    return spec.replace(broken, fixed);
  }

  @AfterAll
  void stop() {
    hubs.forEach(Hub::close);
    dirs.forEach(DssContractTest::deleteTree);
  }

  /** Sends, checks the status, and validates the answer (and, if {@code validRequest}, the request). */
  private Resp call(Party p, String method, String path, Object body, int expected, boolean validRequest) {
    Resp r = p == null ? client.send(method, path, body, null) : p.send(method, path, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.raw()).isEqualTo(expected);
    String json = body == null ? null : body instanceof String s ? s : bodyText(p, body);
    Request.Method m = Request.Method.valueOf(method);
    SimpleResponse.Builder resp = SimpleResponse.Builder.status(r.status());
    if (r.raw() != null && !r.raw().isEmpty()) {
      resp.withContentType("application/json").withBody(r.raw());
    }
    ValidationReport answer = validator.validateResponse(path, m, resp.build());
    if (answer.hasErrors()) {
      problems.add(method + " " + path + " " + r.status() + ": " + describe(answer));
    }
    if (validRequest) {
      SimpleRequest.Builder req = new SimpleRequest.Builder(m, path)
          .withHeader("Authorization", "Bearer " + (p == null ? "none" : p.token()));
      if (json != null) {
        req.withContentType("application/json").withBody(json);
      }
      ValidationReport sent = validator.validateRequest(req.build());
      if (sent.hasErrors()) {
        problems.add("request " + method + " " + path + ": " + describe(sent));
      }
    }
    seen.add(method + " " + template(path) + " " + r.status());
    return r;
  }

  private static String describe(ValidationReport r) {
    StringBuilder b = new StringBuilder();
    for (ValidationReport.Message m : r.getMessages()) {
      b.append('[').append(m.getKey()).append("] ").append(m.getMessage()).append(' ').append(m.getContext()).append("; ");
    }
    return b.toString();
  }

  private String bodyText(Party p, Object body) {
    Object b = body instanceof Req req ? req.json(client.now(), p.url()) : body;
    try {
      return DssClient.MAPPER.writeValueAsString(b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The spec's path template of a concrete path, to count operations. */
  private static String template(String path) {
    String p = path.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}");
    String[] parts = p.split("/");
    if (parts.length == 6 && !parts[5].equals("query")) {
      parts[5] = "{version}";
    }
    if (p.startsWith("/dss/v1/uss_availability/")) {
      return "/dss/v1/uss_availability/{uss_id}";
    }
    return String.join("/", parts);
  }

  private Party party(String name, String... scopes) {
    return client.party(name, scopes);
  }

  private ObjectNode query(Vol area) {
    ObjectNode q = Req.JSON.objectNode();
    q.set("area_of_interest", area.json(client.now()));
    return q;
  }

  @Test
  void with_strict_astm_every_dss_operation_answers_as_the_spec_says() {
    assertThat(drive(strictHub, true)).as("answers (and intended-valid requests) that do not match the spec").isEmpty();
    assertThat(operations()).as("every /dss/v1 operation of the spec was driven").containsExactlyInAnyOrder(OPERATIONS);
  }

  /**
   * The default mode differs from the spec only where docs/compatibility.md says it follows
   * InterUSS instead: a stale {@code old_version} of an availability is InterUSS's 409, a status
   * setUssAvailability does not list.
   */
  @Test
  void by_default_every_dss_operation_answers_as_the_spec_says_but_for_the_documented_differences() {
    List<String> problems = drive(defaultHub, false);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("PUT /dss/v1/uss_availability/").contains(" 409: ")
        .contains("validation.response.status.unknown");
    assertThat(operations()).containsExactlyInAnyOrder(OPERATIONS);
  }

  private static final String[] OPERATIONS = {
      "POST /dss/v1/operational_intent_references/query",
      "GET /dss/v1/operational_intent_references/{id}",
      "PUT /dss/v1/operational_intent_references/{id}",
      "PUT /dss/v1/operational_intent_references/{id}/{version}",
      "DELETE /dss/v1/operational_intent_references/{id}/{version}",
      "POST /dss/v1/constraint_references/query",
      "GET /dss/v1/constraint_references/{id}",
      "PUT /dss/v1/constraint_references/{id}",
      "PUT /dss/v1/constraint_references/{id}/{version}",
      "DELETE /dss/v1/constraint_references/{id}/{version}",
      "POST /dss/v1/subscriptions/query",
      "GET /dss/v1/subscriptions/{id}",
      "PUT /dss/v1/subscriptions/{id}",
      "PUT /dss/v1/subscriptions/{id}/{version}",
      "DELETE /dss/v1/subscriptions/{id}/{version}",
      "POST /dss/v1/reports",
      "GET /dss/v1/uss_availability/{uss_id}",
      "PUT /dss/v1/uss_availability/{uss_id}"};

  /** Plays every operation, with its successes and its errors, and returns what did not match. */
  private List<String> drive(DssClient hub, boolean strict) {
    client = hub;
    site = Site.next();
    problems.clear();
    seen.clear();
    Party a = party("openapi-a", DssClient.SC, DssClient.CM, DssClient.CP);
    Party b = party("openapi-b", DssClient.SC, DssClient.CM, DssClient.CP);
    Party cmOnly = party("openapi-cm", DssClient.CM);
    Party arbiter = party("openapi-arbiter", DssClient.AA, DssClient.SC);
    String oir = Party.OIR;
    String cr = Party.CR;
    String subs = Party.SUBS;

    // ---- subscriptions
    UUID sid = UUID.randomUUID();
    Resp sub = call(a, "PUT", subs + sid, Req.sub(site.circle(2000)).constraints(true), 200, true);
    String version = sub.subscription().path("version").asText();
    call(a, "GET", subs + sid, null, 200, true);
    call(a, "POST", subs + "query", query(site.circle(3000)), 200, true);
    Resp updated = call(a, "PUT", subs + sid + "/" + version, Req.sub(site.circle(2500)).constraints(true), 200, true);
    String version2 = updated.subscription().path("version").asText();
    call(a, "PUT", subs + sid + "/" + version, Req.sub(site.circle(2500)), 409, true);
    call(a, "PUT", subs + UUID.randomUUID(), Req.sub(site.circle(2000)).ois(false), 400, false);
    call(b, "GET", subs + sid, null, 403, true);
    call(a, "GET", subs + UUID.randomUUID(), null, 404, true);
    call(null, "GET", subs + sid, null, 401, false);
    call(a, "POST", subs + "query", query(site.square(0, 0, 30_000).alt(null, null).at(null, null)), 413, true);

    // ---- operational intent references
    UUID oi = UUID.randomUUID();
    Resp created = call(a, "PUT", oir + oi, Req.oi(site.circle(100)).newSub(), 201, true);
    String ovn = created.oi().path("ovn").asText();
    call(a, "GET", oir + oi, null, 200, true);
    call(b, "GET", oir + oi, null, 200, true);
    call(a, "POST", oir + "query", query(site.circle(3000)), 200, true);
    Resp conflict = call(b, "PUT", oir + UUID.randomUUID(), Req.oi(site.circle(100)), 409, true);
    assertThat(conflict.body().path("missing_operational_intents")).hasSize(1);
    Resp upd = call(a, "PUT", oir + oi + "/" + ovn, Req.oi(site.circle(120)).state("Activated").newSub(), 200, true);
    String ovn2 = upd.oi().path("ovn").asText();
    call(a, "PUT", oir + oi + "/" + ovn, Req.oi(site.circle(120)), 409, true);
    call(a, "PUT", oir + UUID.randomUUID(), Req.oi(site.circle(100).at(null, Duration.ofHours(1))), 400, false);
    call(cmOnly, "PUT", oir + UUID.randomUUID(), Req.oi(site.circle(100)), 403, true);
    call(a, "PUT", oir + UUID.randomUUID(), Req.oi(site.square(0, 0, 30_000)), 413, true);
    call(a, "POST", oir + "query", query(site.square(0, 0, 30_000).alt(null, null).at(null, null)), 413, true);
    call(a, "GET", oir + UUID.randomUUID(), null, 404, true);
    call(null, "GET", oir + oi, null, 401, false);

    // ---- constraint references
    UUID cid = UUID.randomUUID();
    Resp c = call(a, "PUT", cr + cid, Req.constraint(site.circle(3000, 0, 100)), 201, true);
    String covn = c.constraint().path("ovn").asText();
    call(a, "GET", cr + cid, null, 200, true);
    call(a, "POST", cr + "query", query(site.circle(4000)), 200, true);
    Resp c2 = call(a, "PUT", cr + cid + "/" + covn, Req.constraint(site.circle(3000, 0, 150)), 200, true);
    String covn2 = c2.constraint().path("ovn").asText();
    call(a, "PUT", cr + cid + "/" + covn, Req.constraint(site.circle(3000, 0, 150)), 409, true);
    call(a, "PUT", cr + UUID.randomUUID(), Req.constraint(site.circle(100).at(Duration.ZERO, null)), 400, false);
    call(a, "PUT", cr + UUID.randomUUID(), Req.constraint(site.square(0, 0, 30_000)), 413, true);
    call(a, "POST", cr + "query", query(site.square(0, 0, 30_000).alt(null, null).at(null, null)), 413, true);
    call(b, "DELETE", cr + cid + "/" + covn2, null, 403, true);
    call(a, "GET", cr + UUID.randomUUID(), null, 404, true);
    call(null, "GET", cr + cid, null, 401, false);

    // ---- availability, and the 412 of a Down USS
    call(a, "GET", Party.AVAILABILITY + a.name, null, 200, true);
    ObjectNode down = Req.JSON.objectNode().put("old_version", "").put("availability", "Down");
    Resp d = call(arbiter, "PUT", Party.AVAILABILITY + a.name, down, 200, true);
    call(arbiter, "PUT", Party.AVAILABILITY + a.name, down, strict ? 400 : 409, true);
    call(a, "PUT", Party.AVAILABILITY + a.name, down, 403, true);
    call(a, "PUT", oir + UUID.randomUUID(), Req.oi(site.circle(3000, 3000, 100)), 412, true);
    call(a, "DELETE", oir + oi + "/" + ovn2, null, 412, true);
    ObjectNode normal = Req.JSON.objectNode().put("old_version", d.at("/version").asText()).put("availability", "Normal");
    call(arbiter, "PUT", Party.AVAILABILITY + a.name, normal, 200, true);

    // ---- reports
    ObjectNode report = Req.JSON.objectNode();
    report.putObject("exchange").put("url", "https://b.example/uss/v1/operational_intents/" + oi)
        .put("method", "GET").put("recorder_role", "Client").put("request_source", "https://a.example")
        .set("request_time", Vol.time(Vol.text(Instant.now())));
    call(a, "POST", "/dss/v1/reports", report, 201, true);
    call(null, "POST", "/dss/v1/reports", report, 401, false);

    // ---- deletes last
    call(b, "DELETE", oir + oi + "/" + ovn2, null, 403, true);
    call(a, "DELETE", oir + oi + "/" + ovn2, null, 200, true);
    call(a, "DELETE", oir + oi + "/" + ovn2, null, 404, true);
    call(a, "DELETE", cr + cid + "/" + covn2, null, 200, true);
    call(a, "DELETE", subs + sid + "/" + version, null, 409, true);
    call(a, "DELETE", subs + sid + "/" + version2, null, 200, true);
    call(a, "DELETE", subs + sid + "/" + version2, null, 404, true);

    return List.copyOf(problems);
  }

  private Set<String> operations() {
    Set<String> ops = new LinkedHashSet<>();
    for (String s : seen) {
      ops.add(s.substring(0, s.lastIndexOf(' ')));
    }
    return ops;
  }

  @Test
  void the_patched_uuid_pattern_accepts_the_specs_own_example_and_the_published_one_does_not() {
    String example = "03e5572a-f733-49af-bc14-8a18bd53ee39";
    String published = "^[0-9a-fA-F]{8}\\\\-[0-9a-fA-F]{4}\\\\-4[0-9a-fA-F]{3}\\\\-[8-b][0-9a-fA-F]{3}\\\\-[0-9a-fA-F]{12}$";
    assertThat(example.matches(published)).isFalse();
    String fixed = patched("pattern: " + published).substring("pattern: ".length());
    assertThat(example.matches(fixed)).isTrue();
    assertThat("03e5572a-f733-19af-bc14-8a18bd53ee39".matches(fixed)).isFalse();
  }
}
