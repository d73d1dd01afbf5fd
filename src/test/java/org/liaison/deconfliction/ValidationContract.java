package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input: each case is a 400 whose message names the field (and value), and leaves the hub's
 * state exactly as it was. A 5xx fails any case at once (see {@link DssClient}).
 */
interface ValidationContract extends Contract {

  /** A client of a second hub, on a fresh store, that refuses {@code http://} base URLs. */
  DssClient hubWithoutHttp() throws Exception;

  /** A bad body: a change to a valid one (or raw text), and what the message must contain. */
  record Case(String name, Consumer<ObjectNode> change, String raw, String expected) {}

  private static Case edit(String name, Consumer<ObjectNode> change, String expected) {
    return new Case(name, change, null, expected);
  }

  private static Case raw(String name, String body, String expected) {
    return new Case(name, null, body, expected);
  }

  private static void set(ObjectNode root, String pointer, Object value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String field = pointer.substring(slash + 1);
    JsonNode v = DssClient.MAPPER.valueToTree(value);
    if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(field), v);
    } else {
      ((ObjectNode) parent).set(field, v);
    }
  }

  private static void remove(ObjectNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    ((ObjectNode) root.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));
  }

  /** Replaces a volume's outline; {@code v} is the volume node's JSON pointer. */
  private static void outline(ObjectNode root, String v, Vol shape) {
    ObjectNode vol = (ObjectNode) root.at(v + "/volume");
    vol.remove("outline_circle");
    vol.remove("outline_polygon");
    vol.setAll(shape.outline());
  }

  private List<Case> oiCases() {
    Site s = site();
    String v0 = "/extents/0";
    String circle = v0 + "/volume/outline_circle";
    String now = Vol.text(clock().instant());
    String inOneHour = Vol.text(clock().instant().plus(Duration.ofHours(1)));
    String inTwoHours = Vol.text(clock().instant().plus(Duration.ofHours(2)));
    String anHourAgo = Vol.text(clock().instant().minus(Duration.ofHours(1)));
    String twoHoursAgo = Vol.text(clock().instant().minus(Duration.ofHours(2)));
    double n = s.latAt(0);
    double e = s.lngAt(0);
    double d = 0.01;
    return List.of(
        raw("malformed JSON", "{\"extents\": [", "malformed JSON"),
        raw("duplicate key", "{\"state\": \"Accepted\", \"state\": \"Activated\"}", "malformed JSON"),
        raw("body not an object", "[1, 2]", "body must be a JSON object"),
        raw("empty body", "", "body is empty"),
        edit("missing extents", b -> remove(b, "/extents"), "extents is missing"),
        edit("extents not an array", b -> set(b, "/extents", "everywhere"), "extents must be an array"),
        edit("empty extents", b -> set(b, "/extents", List.of()), "extents must hold at least one volume"),
        edit("missing state", b -> remove(b, "/state"), "state is missing"),
        edit("unknown state", b -> set(b, "/state", "Flying"), "state \"Flying\""),
        edit("state in lower case", b -> set(b, "/state", "accepted"), "state \"accepted\""),
        edit("missing uss_base_url", b -> remove(b, "/uss_base_url"), "uss_base_url is missing"),
        edit("relative uss_base_url", b -> set(b, "/uss_base_url", "/uss"), "uss_base_url \"/uss\""),
        edit("ftp uss_base_url", b -> set(b, "/uss_base_url", "ftp://a.example"), "uss_base_url \"ftp://a.example\""),
        edit("non-UUID subscription_id", b -> set(b, "/subscription_id", "sub-1"), "subscription_id \"sub-1\""),
        edit("key not an array", b -> set(b, "/key", "ovn"), "key must be an array"),
        edit("key entry not a string", b -> set(b, "/key", List.of(7)), "key[0]"),
        edit("both subscription_id and new_subscription", b -> {
          set(b, "/subscription_id", UUID.randomUUID().toString());
          set(b, "/new_subscription", Req.JSON.objectNode().put("uss_base_url", "https://a.example"));
        }, "subscription_id and new_subscription"),
        edit("new_subscription without uss_base_url", b -> set(b, "/new_subscription", Req.JSON.objectNode()),
            "new_subscription.uss_base_url is missing"),
        edit("volume missing", b -> remove(b, v0 + "/volume"), "extents[0].volume is missing"),
        edit("unparseable time", b -> set(b, v0 + "/time_start/value", "tomorrow"),
            "extents[0].time_start.value \"tomorrow\""),
        edit("impossible date", b -> set(b, v0 + "/time_end/value", "2030-02-30T10:00:00Z"),
            "extents[0].time_end.value \"2030-02-30T10:00:00Z\""),
        edit("time format other than RFC3339", b -> set(b, v0 + "/time_end/format", "ISO8601"),
            "extents[0].time_end.format \"ISO8601\""),
        edit("time_end missing", b -> remove(b, v0 + "/time_end"), "extents[0].time_end is missing"),
        edit("time_end before time_start", b -> {
          set(b, v0 + "/time_start/value", inTwoHours);
          set(b, v0 + "/time_end/value", inOneHour);
        }, "extents[0].time_end " + inOneHour + " is before time_start " + inTwoHours),
        edit("time_end in the past", b -> {
          set(b, v0 + "/time_start/value", twoHoursAgo);
          set(b, v0 + "/time_end/value", anHourAgo);
        }, "extents[0].time_end " + anHourAgo + " is in the past"),
        edit("time_end exactly now", b -> set(b, v0 + "/time_end/value", now), "extents[0].time_end"),
        edit("lat above 90", b -> set(b, circle + "/center/lat", 91), "extents[0].volume.outline_circle.center.lat 91"),
        edit("lat below -90", b -> set(b, circle + "/center/lat", -90.5), "extents[0].volume.outline_circle.center.lat -90.5"),
        edit("lng above 180", b -> set(b, circle + "/center/lng", 180.5), "extents[0].volume.outline_circle.center.lng 180.5"),
        edit("lat as text", b -> set(b, circle + "/center/lat", "north"), "extents[0].volume.outline_circle.center.lat must be a number"),
        edit("lng missing", b -> remove(b, circle + "/center/lng"), "extents[0].volume.outline_circle.center.lng is missing"),
        edit("polygon with two vertices", b -> outline(b, v0, Vol.polygon(n, e, n + d, e)),
            "extents[0].volume.outline_polygon.vertices has 2"),
        edit("polygon with a repeated vertex", b -> outline(b, v0, Vol.polygon(n, e, n + d, e, n, e)),
            "extents[0].volume.outline_polygon.vertices[2]"),
        edit("polygon with two distinct vertices of four", b -> outline(b, v0, Vol.polygon(n, e, n + d, e, n, e, n + d, e)),
            "extents[0].volume.outline_polygon.vertices"),
        edit("self-crossing polygon", b -> outline(b, v0, Vol.polygon(n, e, n + d, e + d, n + d, e, n, e + d)),
            "extents[0].volume.outline_polygon"),
        edit("zero-area polygon", b -> outline(b, v0, Vol.polygon(n, e, n + d, e, n + 2 * d, e)),
            "extents[0].volume.outline_polygon"),
        // A trailing '/' in uss_base_url (accepted by default) and areas too large (413) are in
        // InteropContract.
        edit("both circle and polygon", b -> ((ObjectNode) b.at(v0 + "/volume")).setAll(s.square(0, 0, 100).outline()),
            "extents[0].volume must have exactly one of outline_polygon and outline_circle, got both"),
        edit("neither circle nor polygon", b -> remove(b, circle), "got neither"),
        edit("zero radius", b -> set(b, circle + "/radius/value", 0), "extents[0].volume.outline_circle.radius.value 0"),
        edit("negative radius", b -> set(b, circle + "/radius/value", -5), "extents[0].volume.outline_circle.radius.value -5"),
        edit("radius in feet", b -> set(b, circle + "/radius/units", "FT"), "extents[0].volume.outline_circle.radius.units \"FT\""),
        edit("altitude in feet", b -> set(b, v0 + "/volume/altitude_lower/units", "FT"),
            "extents[0].volume.altitude_lower.units \"FT\""),
        edit("altitude above ground level", b -> set(b, v0 + "/volume/altitude_upper/reference", "SFC"),
            "extents[0].volume.altitude_upper.reference \"SFC\""),
        edit("altitude value missing", b -> remove(b, v0 + "/volume/altitude_upper/value"),
            "extents[0].volume.altitude_upper.value is missing"),
        edit("lower above upper", b -> set(b, v0 + "/volume/altitude_lower/value", 500),
            "extents[0].volume.altitude_lower 500"),
        edit("bad second volume", b -> {
          ObjectNode second = b.at(v0).deepCopy();
          ((ArrayNode) b.get("extents")).add(second);
          set(b, "/extents/1/volume/outline_circle/center/lat", 95);
        }, "extents[1].volume.outline_circle.center.lat 95"));
  }

  @TestFactory
  default Stream<DynamicTest> bad_operational_intent_is_400_naming_the_field_and_changes_nothing() {
    Party a = party("a");
    Ref existing = a.createOi(Req.oi(site().circle(50)).newSub());
    Snapshot before = Snapshot.of(a, site());
    Req.OiReq valid = Req.oi(site().circle(3000, 0, 200).alt(0.0, 120.0));

    return oiCases().stream().flatMap(c -> Stream.of(
        dynamicTest("create: " + c.name(), () -> {
          UUID id = fresh();
          Resp r = a.putOi(id, body(c, valid.json(clock().instant(), a.url()))).expect(400);
          assertThat(r.message()).contains(c.expected());
          a.getOi(id).expect(404);
          assertThat(Snapshot.of(a, site())).isEqualTo(before);
        }),
        dynamicTest("update: " + c.name(), () -> {
          Resp r = a.putOi(existing.id(), existing.ovn(), body(c, valid.json(clock().instant(), a.url()))).expect(400);
          assertThat(r.message()).contains(c.expected());
          assertThat(Snapshot.of(a, site())).isEqualTo(before);
        })));
  }

  private static Object body(Case c, ObjectNode valid) {
    if (c.raw() != null) {
      return c.raw();
    }
    c.change().accept(valid);
    return valid;
  }

  @TestFactory
  default Stream<DynamicTest> bad_subscription_constraint_and_query_are_400_naming_the_field() {
    Party a = party("a");
    a.createSub(Req.sub(site().circle(100)));
    a.createConstraint(Req.constraint(site().circle(100)));
    Snapshot before = Snapshot.of(a, site());
    Req.SubReq sub = Req.sub(site().circle(3000, 0, 200));
    Req.ConstraintReq constraint = Req.constraint(site().circle(3000, 0, 200));
    Vol area = site().circle(3000, 0, 200);

    record Bad(String name, Supplier<Resp> send, String expected) {}
    List<Bad> cases = List.of(
        new Bad("subscription without extents", () -> a.putSub(fresh(), edited(sub, a, b -> remove(b, "/extents"))),
            "extents is missing"),
        new Bad("subscription with an array of extents", () -> a.putSub(fresh(),
            edited(sub, a, b -> set(b, "/extents", List.of(b.get("extents"))))), "extents must be a JSON object"),
        new Bad("subscription without uss_base_url", () -> a.putSub(fresh(), edited(sub, a, b -> remove(b, "/uss_base_url"))),
            "uss_base_url is missing"),
        new Bad("subscription flag not a boolean", () -> a.putSub(fresh(),
            edited(sub, a, b -> set(b, "/notify_for_operational_intents", "yes"))), "notify_for_operational_intents must be true or false"),
        new Bad("subscription with zero radius", () -> a.putSub(fresh(),
            edited(sub, a, b -> set(b, "/extents/volume/outline_circle/radius/value", 0))),
            "extents.volume.outline_circle.radius.value"),
        new Bad("subscription ending in the past", () -> a.putSub(fresh(), Req.sub(site().circle(200).hours(-2, -1))),
            "extents.time_end"),
        new Bad("subscription with a non-UUID id", () -> a.send("PUT", Party.SUBS + "my-sub", sub), "subscriptionid \"my-sub\""),
        new Bad("constraint without extents", () -> a.putConstraint(fresh(), edited(constraint, a, b -> remove(b, "/extents"))),
            "extents is missing"),
        new Bad("constraint in feet", () -> a.putConstraint(fresh(),
            edited(constraint, a, b -> set(b, "/extents/0/volume/altitude_lower/units", "FT"))), "extents[0].volume.altitude_lower.units"),
        new Bad("constraint with a non-UUID id", () -> a.send("PUT", Party.CR + "1234", constraint), "entityid \"1234\""),
        new Bad("operational intent with a non-UUID id", () -> a.send("PUT", Party.OIR + "not-a-uuid", Req.oi(area)),
            "entityid \"not-a-uuid\""),
        new Bad("get with a non-v4 UUID", () -> a.send("GET", Party.OIR + "00000000-0000-1000-8000-000000000000", null),
            "entityid \"00000000-0000-1000-8000-000000000000\""),
        new Bad("query without area_of_interest", () -> a.send("POST", Party.OIR + "query", "{}"), "area_of_interest is missing"),
        new Bad("query with malformed JSON", () -> a.send("POST", Party.SUBS + "query", "{"), "malformed JSON"),
        new Bad("query with a bad latitude", () -> a.send("POST", Party.CR + "query",
            Req.JSON.objectNode().set("area_of_interest", edit(area.json(clock().instant()), "/volume/outline_circle/center/lat", -91))),
            "area_of_interest.volume.outline_circle.center.lat -91"),
        new Bad("query ending before it starts", () -> a.queryOis(site().circle(200).hours(2, 1)), "area_of_interest.time_end"));
    // A query over too large an area is 413, as the spec lists: see InteropContract.

    return cases.stream().map(c -> dynamicTest(c.name(), () -> {
      Resp r = c.send().get().expect(400);
      assertThat(r.message()).contains(c.expected());
      assertThat(Snapshot.of(a, site())).isEqualTo(before);
    }));
  }

  private ObjectNode edited(Req r, Party p, Consumer<ObjectNode> change) {
    ObjectNode b = r.json(clock().instant(), p.url());
    change.accept(b);
    return b;
  }

  private static ObjectNode edit(ObjectNode n, String pointer, Object value) {
    set(n, pointer, value);
    return n;
  }

  @Test
  default void time_end_passed_by_the_clock_is_400_on_update() {
    Party a = party("a");
    Ref x = a.createOi(Req.oi(site().circle(100).at(Duration.ZERO, Duration.ofHours(1))));
    ObjectNode sameTimes = Req.oi(site().circle(100)).json(clock().instant(), a.url());

    clock().advance(Duration.ofHours(2));
    Party later = party("a");
    Resp r = later.putOi(x.id(), x.ovn(), sameTimes).expect(400);

    assertThat(r.message()).contains("extents[0].time_end").contains("in the past");
    assertThat(later.getOi(x.id()).oi()).isEqualTo(x.json());
  }

  @Test
  default void http_base_urls_are_refused_unless_allowed() throws Exception {
    DssClient strict = hubWithoutHttp();
    Party a = strict.party("a-" + scene().tag());
    String http = "http://a.example";
    UUID id = fresh();

    assertThat(a.putOi(id, Req.oi(site().circle(100)).baseUrl(http)).expect(400).message())
        .contains("uss_base_url \"" + http + "\"").contains("https");
    assertThat(a.putOi(id, Req.oi(site().circle(100)).newSub(http, false)).expect(400).message())
        .contains("new_subscription.uss_base_url");
    assertThat(a.putSub(id, Req.sub(site().circle(100)).baseUrl(http)).expect(400).message()).contains("uss_base_url");
    assertThat(a.putConstraint(id, Req.constraint(site().circle(100)).baseUrl(http)).expect(400).message())
        .contains("uss_base_url");
    assertThat(a.queryOis(site().everything()).ids("operational_intent_references")).isEmpty();
    assertThat(a.querySubs(site().everything()).ids("subscriptions")).isEmpty();

    a.putOi(id, Req.oi(site().circle(100))).expect(201);
    // The class hub runs with --allow-http-base-urls.
    party("a").createOi(Req.oi(site().circle(3000, 0, 100)).baseUrl(http).newSub(http, false));
  }

  /**
   * What a party can see of a site: every reference and subscription, OVNs and versions included,
   * sorted by id because a query promises no order.
   */
  record Snapshot(List<JsonNode> ois, List<JsonNode> constraints, List<JsonNode> subscriptions) {
    static Snapshot of(Party p, Site s) {
      return new Snapshot(
          sorted(p.queryOis(s.everything()).expect(200).body().path("operational_intent_references")),
          sorted(p.queryConstraints(s.everything()).expect(200).body().path("constraint_references")),
          sorted(p.querySubs(s.everything()).expect(200).body().path("subscriptions")));
    }

    private static List<JsonNode> sorted(JsonNode array) {
      List<JsonNode> out = new ArrayList<>();
      array.forEach(out::add);
      out.sort(Comparator.comparing(n -> n.path("id").asText()));
      return out;
    }
  }
}
