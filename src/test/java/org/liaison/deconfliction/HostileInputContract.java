package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.liaison.http.KeepAliveConnection;

/**
 * Hostile input of the kinds a prober sends: numbers JSON cannot hold, nesting and strings meant
 * to exhaust the parser, bytes that are not UTF-8, a wrong type at every field, geometry at the
 * poles and the antimeridian, and request targets Jetty itself refuses. Every one is a 4xx whose
 * JSON message names the field (or, for text that is not JSON at all, the line and column), stays
 * short whatever the input's size, and leaves the hub's state as it was. Geometry that is awkward
 * but valid is accepted and found again.
 */
interface HostileInputContract extends Contract {

  /** Longest message an error may carry: inputs are echoed truncated, never whole. */
  int MAX_MESSAGE = 1024;

  /** Well under the 4 MiB body limit, far over any field's sensible size. */
  int HUGE = 3_000_000;

  /** A body to send, and what the 400's message must contain. */
  record Case(String name, Function<String, Object> body, String expected) {}

  private static Case text(String name, Function<String, String> edit, String expected) {
    return new Case(name, edit::apply, expected);
  }

  /** {@code valid} with the value at {@code pointer} replaced by raw JSON text {@code token}. */
  private static String at(String valid, String pointer, String token) {
    ObjectNode n = (ObjectNode) read(valid);
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = n.at(pointer.substring(0, slash));
    String field = pointer.substring(slash + 1);
    String sentinel = "@@" + UUID.randomUUID() + "@@";
    if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(field), Req.JSON.textNode(sentinel));
    } else {
      ((ObjectNode) parent).put(field, sentinel);
    }
    return n.toString().replace("\"" + sentinel + "\"", token);
  }

  private static JsonNode read(String json) {
    try {
      return DssClient.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** {@code valid} as UTF-8 with {@code hex} bytes inserted just after {@code marker}. */
  private static byte[] bytesAfter(String valid, String marker, String hex) {
    int at = valid.indexOf(marker) + marker.length();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(valid.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(HexFormat.of().parseHex(hex));
    out.writeBytes(valid.substring(at).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** A regular polygon of {@code n} vertices, 1 km in radius, {@code northM} north of the site's centre. */
  private static Vol ring(Site s, double northM, int n) {
    double[] v = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double t = 2 * Math.PI * i / n;
      v[2 * i] = s.latAt(northM + 1000 * Math.sin(t));
      v[2 * i + 1] = s.lngAt(1000 * Math.cos(t));
    }
    return Vol.polygon(v);
  }

  private List<Case> oiCases(String url) {
    Site s = site();
    String c = "/extents/0/volume/outline_circle";
    String lat = c + "/center/lat";
    String v0 = "/extents/0";
    String path = "extents[0].volume.outline_circle";
    String poly = "extents[0].volume.outline_polygon";
    double n = s.latAt(3000);
    double e = s.lngAt(0);
    double d = 0.01;
    List<Case> cases = new ArrayList<>(List.of(
        // Numbers JSON cannot hold, or holds only as text.
        text("NaN", b -> at(b, lat, "NaN"), "malformed JSON at line 1, column"),
        text("Infinity", b -> at(b, lat, "Infinity"), "malformed JSON at line 1, column"),
        text("-Infinity", b -> at(b, lat, "-Infinity"), "malformed JSON at line 1, column"),
        text("NaN as a string", b -> at(b, lat, "\"NaN\""), path + ".center.lat must be a number, got \"NaN\""),
        text("1e999", b -> at(b, lat, "1e999"), path + ".center.lat Infinity is not a finite number"),
        text("-1e999", b -> at(b, c + "/center/lng", "-1e999"), path + ".center.lng -Infinity is not a finite number"),
        text("30-digit integer", b -> at(b, lat, "123456789012345678901234567890"),
            path + ".center.lat 1.2345678901234568E29 is outside [-90, 90]"),
        text("201-digit number", b -> at(b, lat, "1" + "0".repeat(200)), "malformed JSON at line 1, column"),
        text("hex number", b -> at(b, lat, "0x10"), "malformed JSON at line 1, column"),
        text("leading plus", b -> at(b, lat, "+1"), "malformed JSON at line 1, column"),
        text("leading point", b -> at(b, lat, ".5"), "malformed JSON at line 1, column"),
        text("trailing point", b -> at(b, lat, "1."), "malformed JSON at line 1, column"),
        text("leading zero", b -> at(b, lat, "01"), "malformed JSON at line 1, column"),
        text("bare exponent", b -> at(b, lat, "1e"), "malformed JSON at line 1, column"),
        text("lone minus", b -> at(b, lat, "-"), "malformed JSON at line 1, column"),
        text("lat just above 90", b -> at(b, lat, "90.0000001"), path + ".center.lat 90.0000001 is outside"),
        text("lng just below -180", b -> at(b, c + "/center/lng", "-180.0000001"),
            path + ".center.lng -180.0000001 is outside"),
        text("radius 1e400", b -> at(b, c + "/radius/value", "1e400"), path + ".radius.value Infinity"),
        text("radius -0.0", b -> at(b, c + "/radius/value", "-0.0"), path + ".radius.value -0.0 must be greater than 0"),
        text("altitude 1e999", b -> at(b, v0 + "/volume/altitude_upper/value", "1e999"),
            "extents[0].volume.altitude_upper.value Infinity is not a finite number"),
        text("altitude 1e308", b -> at(b, v0 + "/volume/altitude_upper/value", "1e308"),
            "extents[0].volume.altitude_upper.value 1.0E308 m is outside"),
        text("altitude NaN", b -> at(b, v0 + "/volume/altitude_lower/value", "NaN"), "malformed JSON at line 1, column"),
        // Times a lenient parser might take.
        text("year 10000", b -> at(b, v0 + "/time_end/value", "\"10000-01-01T00:00:00Z\""), "extents[0].time_end.value"),
        text("1000 fraction digits", b -> at(b, v0 + "/time_end/value",
            "\"2099-01-01T00:00:00." + "9".repeat(1000) + "Z\""), "extents[0].time_end.value"),
        text("leap second", b -> at(b, v0 + "/time_end/value", "\"2099-06-30T23:59:60Z\""), "extents[0].time_end.value"),
        text("offset +25:00", b -> at(b, v0 + "/time_end/value", "\"2099-06-30T23:59:00+25:00\""),
            "extents[0].time_end.value"),
        // Nesting meant to exhaust a recursive parser.
        text("10,000 nested arrays", b -> "[".repeat(10_000) + "]".repeat(10_000), "malformed JSON at line 1, column"),
        text("10,000 nested objects", b -> "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000),
            "malformed JSON at line 1, column"),
        text("10,000 nested arrays as the state", b -> at(b, "/state", "[".repeat(10_000) + "]".repeat(10_000)),
            "malformed JSON at line 1, column"),
        text("100,000 unclosed arrays", b -> "[".repeat(100_000), "malformed JSON at line 1, column"),
        text("a second document after the body", b -> b + " {}", "malformed JSON at line 1, column"),
        text("junk after the body", b -> b + "x", "malformed JSON at line 1, column"),
        // Huge strings: refused, and not echoed whole.
        text("huge state", b -> at(b, "/state", "\"" + "A".repeat(HUGE) + "\""), "state \"AAAA"),
        text("huge uss_base_url", b -> at(b, "/uss_base_url", "\"https://a.example/" + "x".repeat(HUGE) + "\""),
            "uss_base_url is longer than 2048 characters"),
        text("huge time value", b -> at(b, v0 + "/time_end/value", "\"" + "9".repeat(HUGE) + "\""),
            "extents[0].time_end.value"),
        text("huge time format", b -> at(b, v0 + "/time_end/format", "\"" + "R".repeat(HUGE) + "\""),
            "extents[0].time_end.format"),
        text("huge units", b -> at(b, c + "/radius/units", "\"" + "M".repeat(HUGE) + "\""), path + ".radius.units"),
        text("huge reference", b -> at(b, v0 + "/volume/altitude_lower/reference", "\"" + "W".repeat(HUGE) + "\""),
            "extents[0].volume.altitude_lower.reference"),
        text("huge subscription_id", b -> ((ObjectNode) read(b)).put("subscription_id", "5".repeat(HUGE)).toString(),
            "subscription_id \"5555"),
        text("huge field name", b -> "{\"" + "f".repeat(HUGE) + "\":1," + b.substring(1), "malformed JSON at line 1, column"),
        // Geometry a prober tries: degenerate, oversized and self-crossing outlines.
        text("two vertices at the north pole", b -> outline(b, Vol.polygon(90, 0, 90, 90, 89.99, 45)),
            poly + ".vertices[1] (90.0, 90.0) duplicates vertices[0]"),
        text("lng 180 and -180 as two vertices", b -> outline(b, Vol.polygon(0, 180, 0.01, 180, 0.01, -180, 0, -180)),
            poly + ".vertices[2] (0.01, -180.0) duplicates vertices[1]"),
        text("1001 vertices", b -> outline(b, ring(s, 3000, 1001)), poly + ".vertices has 1001 vertices; at most 1000"),
        text("consecutive duplicate vertex", b -> outline(b, Vol.polygon(n, e, n, e, n + d, e, n, e + d)),
            poly + ".vertices[1]"),
        text("duplicate vertex apart", b -> outline(b, Vol.polygon(n, e, n + d, e, n, e, n, e + d)),
            poly + ".vertices[2]"),
        text("vertices 1e-12 apart", b -> outline(b, Vol.polygon(n, e, n + 1e-12, e, n + d, e, n, e + d)),
            poly + ".vertices[1]"),
        text("all vertices the same", b -> outline(b, Vol.polygon(n, e, n, e, n, e, n, e)), poly + ".vertices"),
        text("bow tie", b -> outline(b, Vol.polygon(n, e, n + d, e + d, n + d, e, n, e + d)),
            poly + ".vertices do not form a simple polygon"),
        text("zero area, collinear", b -> outline(b, Vol.polygon(n, e, n + d, e, n + 2 * d, e)),
            poly + ".vertices enclose zero area"),
        text("zero area, 1e-7 degrees", b -> outline(b, Vol.polygon(n, e, n + 1e-7, e, n, e + 1e-7)),
            poly + ".vertices enclose zero area"),
        text("a hemisphere", b -> outline(b, Vol.polygon(0, 0, 0, 90, 0, 180, 0, -90)),
            poly + ".vertices[1] is 10008 km from vertices[0]")));
    // Bytes that are not UTF-8, inside a string the hub would store.
    String[][] utf8 = {
        {"c328", "a lead byte without its continuation"}, {"c0af", "an overlong '/'"}, {"ff", "byte 0xFF"},
        {"eda080", "a UTF-16 surrogate"}, {"f4908080", "a code point past U+10FFFF"}, {"e282", "a truncated sequence"}};
    for (String[] u : utf8) {
      cases.add(new Case("invalid UTF-8: " + u[1], b -> bytesAfter(b, url + "/", u[0]), "not valid UTF-8"));
    }
    return cases;
  }

  private static String outline(String body, Vol shape) {
    ObjectNode b = (ObjectNode) read(body);
    ObjectNode vol = (ObjectNode) b.at("/extents/0/volume");
    vol.remove("outline_circle");
    vol.setAll(shape.outline());
    return b.toString();
  }

  @TestFactory
  default Stream<DynamicTest> hostile_operational_intent_bodies_are_400_naming_the_field_and_change_nothing() {
    Party a = party("a");
    Ref existing = a.createOi(Req.oi(site().circle(50)));
    ValidationContract.Snapshot before = ValidationContract.Snapshot.of(a, site());
    String url = a.url() + "/uss";
    String valid = Req.oi(site().circle(3000, 0, 200).alt(0.0, 120.0)).baseUrl(url)
        .json(clock().instant(), a.url()).toString();

    return oiCases(url).stream().flatMap(c -> Stream.of(
        dynamicTest("create: " + c.name(), () -> {
          UUID id = fresh();
          expect400(a.putOi(id, c.body().apply(valid)), c.expected());
          a.getOi(id).expect(404);
          assertThat(ValidationContract.Snapshot.of(a, site())).isEqualTo(before);
        }),
        dynamicTest("update: " + c.name(), () -> {
          expect400(a.putOi(existing.id(), existing.ovn(), c.body().apply(valid)), c.expected());
          assertThat(ValidationContract.Snapshot.of(a, site())).isEqualTo(before);
        })));
  }

  private static void expect400(Resp r, String expected) {
    assertThat(r.status()).as(r.raw().length() > 300 ? r.raw().substring(0, 300) : r.raw()).isEqualTo(400);
    assertThat(r.message()).contains(expected).hasSizeLessThanOrEqualTo(MAX_MESSAGE);
  }

  /** Each field of each kind of body, replaced by a value of each type it must not have. */
  @TestFactory
  default Stream<DynamicTest> a_wrong_type_at_any_field_is_400_naming_that_field() {
    Party a = party("a", DssClient.SC, DssClient.CM, DssClient.CP, DssClient.AA);
    ValidationContract.Snapshot before = ValidationContract.Snapshot.of(a, site());
    String availabilityBefore = a.getAvailability(a.name).expect(200).raw();
    Vol area = site().circle(3000, 0, 200).alt(0.0, 120.0);
    record Kind(String name, ObjectNode body, Function<Object, Resp> send) {}
    ObjectNode query = Req.JSON.objectNode();
    query.set("area_of_interest", area.json(clock().instant()));
    List<Kind> kinds = List.of(
        new Kind("operational intent", Req.oi(area).newSub().json(clock().instant(), a.url()), b -> a.putOi(fresh(), b)),
        new Kind("constraint", Req.constraint(area).json(clock().instant(), a.url()), b -> a.putConstraint(fresh(), b)),
        new Kind("subscription", Req.sub(area).json(clock().instant(), a.url()), b -> a.putSub(fresh(), b)),
        new Kind("intent query", query, b -> a.send("POST", Party.OIR + "query", b)),
        new Kind("constraint query", query, b -> a.send("POST", Party.CR + "query", b)),
        new Kind("subscription query", query, b -> a.send("POST", Party.SUBS + "query", b)),
        new Kind("availability", Req.JSON.objectNode().put("old_version", "").put("availability", "Down"),
            b -> a.send("PUT", Party.AVAILABILITY + a.name, b)));
    JsonNode[] wrong = {
        Req.JSON.textNode("x"), Req.JSON.numberNode(7), Req.JSON.booleanNode(true), Req.JSON.arrayNode(),
        Req.JSON.objectNode()};
    List<DynamicTest> tests = new ArrayList<>();
    for (Kind k : kinds) {
      List<String> pointers = new ArrayList<>();
      pointers(k.body(), "", pointers);
      for (String pointer : pointers) {
        JsonNode original = k.body().at(pointer);
        for (JsonNode w : wrong) {
          if (w.getNodeType() == original.getNodeType()) {
            continue;
          }
          tests.add(dynamicTest(k.name() + ": " + pointer + " = " + w, () -> {
            ObjectNode body = k.body().deepCopy();
            replace(body, pointer, w);
            Resp r = k.send().apply(body);
            assertThat(r.status()).as("%s in %s: %s", pointer, body, r.raw()).isEqualTo(400);
            assertThat(r.message()).as("%s = %s", pointer, w).contains(dotted(pointer))
                .hasSizeLessThanOrEqualTo(MAX_MESSAGE);
            assertThat(ValidationContract.Snapshot.of(a, site())).isEqualTo(before);
            assertThat(a.getAvailability(a.name).expect(200).raw()).isEqualTo(availabilityBefore);
          }));
        }
      }
    }
    return tests.stream();
  }

  private static void pointers(JsonNode n, String at, List<String> out) {
    if (!at.isEmpty()) {
      out.add(at);
    }
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(f -> pointers(n.get(f), at + "/" + f, out));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        pointers(n.get(i), at + "/" + i, out);
      }
    }
  }

  private static void replace(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String field = pointer.substring(slash + 1);
    if (parent instanceof ArrayNode arr) {
      arr.set(Integer.parseInt(field), value);
    } else {
      ((ObjectNode) parent).set(field, value);
    }
  }

  /** "/extents/0/volume/outline_circle" as the hub writes it: "extents[0].volume.outline_circle". */
  static String dotted(String pointer) {
    return pointer.substring(1).replaceAll("/(\\d+)", "[$1]").replace('/', '.');
  }

  /** Outlines at the poles, on the antimeridian and with many vertices are valid, and round-trip. */
  @TestFactory
  default Stream<DynamicTest> geometry_at_the_edges_of_the_world_is_accepted_found_and_deleted() {
    Party a = party("a");
    record Shape(String name, Vol vol) {}
    return Stream.of(
        new Shape("circle on the north pole", Vol.circle(90, 0, 500)),
        new Shape("circle on the south pole", Vol.circle(-90, 0, 500)),
        new Shape("circle on the antimeridian at 180", Vol.circle(10, 180, 500)),
        new Shape("circle on the antimeridian at -180", Vol.circle(-10, -180, 500)),
        new Shape("polygon with a vertex on the north pole", Vol.polygon(90, 0, 89.99, 0, 89.99, 90)),
        new Shape("polygon around the north pole", Vol.polygon(89.99, 0, 89.99, 90, 89.99, 180, 89.99, -90)),
        new Shape("polygon around the south pole", Vol.polygon(-89.99, 0, -89.99, 90, -89.99, 180, -89.99, -90)),
        new Shape("polygon across the antimeridian", Vol.polygon(20, 179.99, 20, -179.99, 20.01, -179.99, 20.01, 179.99)),
        new Shape("polygon of 300 vertices", ring(site(), 0, 300)),
        new Shape("polygon of 1000 vertices", ring(site(), 0, 1000))
    ).map(s -> dynamicTest(s.name(), () -> {
      Resp created = a.putOi(fresh(), Req.oi(s.vol()));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      Ref r = Ref.oi(created);
      JsonNode sent = Req.oi(s.vol()).json(clock().instant(), a.url()).at("/extents/0/volume");
      JsonNode stored = a.send("GET", "/liaison/v1/airspace", null).expect(200).body().path("notices");
      JsonNode mine = null;
      for (JsonNode notice : stored) {
        if (notice.path("id").asText().equals(r.id().toString())) {
          mine = notice;
        }
      }
      assertThat(mine).as("notice %s in the picture", r.id()).isNotNull();
      assertThat(mine.at("/extents/0/volume").path(sent.has("outline_circle") ? "outline_circle" : "outline_polygon"))
          .isEqualTo(sent.path(sent.has("outline_circle") ? "outline_circle" : "outline_polygon"));
      assertThat(a.queryOis(s.vol().alt(null, null).at(null, null)).expect(200).ids("operational_intent_references"))
          .contains(r.id());
      a.deleteOi(r.id(), r.ovn()).expect(200);
      assertThat(a.queryOis(s.vol().alt(null, null).at(null, null)).ids("operational_intent_references"))
          .doesNotContain(r.id());
    }));
  }

  /**
   * Request targets that Jetty refuses before routing, or that reach a route with nonsense in a
   * path parameter: each a 4xx with a JSON message, none changing anything.
   */
  @TestFactory
  default Stream<DynamicTest> hostile_request_targets_are_4xx_with_a_json_message() {
    Party a = party("a", DssClient.SC, DssClient.CM, DssClient.CP, DssClient.AA);
    Ref oi = a.createOi(Req.oi(site().circle(100)));
    Ref c = a.createConstraint(Req.constraint(site().circle(2000, 0, 100)));
    Sub sub = a.createSub(Req.sub(site().circle(100)));
    ValidationContract.Snapshot before = ValidationContract.Snapshot.of(a, site());
    String[][] targets = {
        {"DELETE", Party.OIR + oi.id() + "/%zz", "refused before routing"},
        {"DELETE", Party.OIR + oi.id() + "/%00", "refused before routing"},
        {"DELETE", Party.OIR + oi.id() + "/%C3%28", "Bad UTF-8"},
        {"DELETE", Party.OIR + oi.id() + "/" + "o".repeat(10_000), "too long"},
        {"DELETE", Party.OIR + oi.id() + "/" + "o".repeat(4_000), "OVN"},
        {"DELETE", Party.OIR + "..%2F..%2Fhealthy/" + oi.ovn(), "entityid"},
        {"GET", Party.OIR + "x".repeat(10_000), "too long"},
        {"GET", Party.OIR + "%E2%80%AE" + oi.id(), "entityid"},
        {"DELETE", Party.CR + c.id() + "/%zz", "refused before routing"},
        {"DELETE", Party.CR + c.id() + "/" + "o".repeat(4_000), "OVN"},
        {"DELETE", Party.CR + "00000000-0000-0000-0000-000000000000/" + c.ovn(), "entityid"},
        {"DELETE", Party.SUBS + sub.id() + "/1e3", "version 1e3"},
        {"DELETE", Party.SUBS + sub.id() + "/" + "9".repeat(50), "version"},
        {"DELETE", Party.SUBS + sub.id() + "/%C3%28", "Bad UTF-8"},
        {"GET", Party.AVAILABILITY + "u".repeat(300), "uss_id"},
        {"GET", Party.AVAILABILITY + "%00", "refused before routing"},
        {"GET", Party.AVAILABILITY + "%20", "uss_id"},
    };
    int port = scene().client().base().getPort();
    return Stream.of(targets).map(t -> dynamicTest(t[0] + " " + t[1].substring(0, Math.min(t[1].length(), 90)), () -> {
      try (KeepAliveConnection conn = new KeepAliveConnection(port)) {
        KeepAliveConnection.Answer r = conn.send(t[0], t[1], "Bearer " + a.token());
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        JsonNode body = read(r.body());
        assertThat(body.path("message").asText()).contains(t[2]).hasSizeLessThanOrEqualTo(MAX_MESSAGE);
        // A server that will close the connection must say so, or the client's next request on
        // it fails; one that keeps it open must still serve it.
        if (!r.closes()) {
          assertThat(conn.send("GET", Party.OIR + oi.id(), "Bearer " + a.token()).status()).isEqualTo(200);
        }
      }
      assertThat(ValidationContract.Snapshot.of(a, site())).isEqualTo(before);
    }));
  }
}
