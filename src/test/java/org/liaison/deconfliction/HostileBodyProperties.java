package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.liaison.hub.Hub;
import org.liaison.testkit.TestClock;

/**
 * Random and mutated bodies, raw text and path parameters against every {@code /dss/v1} write
 * and query of one hub. Whatever arrives, the hub answers within the client's timeout and never
 * with a 5xx ({@link DssClient} fails on one); a 400 carries a short message naming a field, or
 * the line and column of text that is not JSON; and any 4xx leaves every reference, watch and the
 * party's availability as they were.
 *
 * <p>The fixed cases of {@link HostileInputContract} say what each kind of hostile input must get;
 * these properties look for the inputs nobody thought to list.
 */
class HostileBodyProperties {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Every field name of the bodies below, and the words the hub uses for a body as a whole. */
  private static final Set<String> FIELDS = Set.of(
      "extents", "volume", "outline_circle", "outline_polygon", "vertices", "center", "lat", "lng",
      "radius", "units", "value", "altitude_lower", "altitude_upper", "reference", "time_start",
      "time_end", "format", "state", "uss_base_url", "key", "subscription_id", "new_subscription",
      "notify_for_operational_intents", "notify_for_constraints", "area_of_interest", "old_version",
      "availability", "body");

  private static Path dir;
  private static Hub hub;
  private static TestClock clock;
  private static Party a;
  private static Site site;
  private static UUID oi;
  private static UUID constraint;
  private static UUID sub;

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("liaison-hostile-");
    clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    hub = Hub.start(DssContractTest.options(dir, null, true), clock);
    DssClient client = DssClient.local(hub.port(), clock::instant,
        (name, scopes) -> hub.devAuthority().mint(name, scopes, DssContractTest.AUDIENCE, "liaison-test",
            Duration.ofHours(1))).withTimeout(TIMEOUT);
    a = client.party("a", DssClient.SC, DssClient.CM, DssClient.CP, DssClient.AA);
    site = Site.next();
    oi = a.createOi(Req.oi(site.circle(100))).id();
    constraint = a.createConstraint(Req.constraint(site.circle(100))).id();
    sub = a.createSub(Req.sub(site.circle(100))).id();
    a.setAvailability(a.name, "", "Normal").expect(200);
  }

  @AfterContainer
  static void stop() {
    if (hub != null) {
      hub.close();
    }
    DssContractTest.deleteTree(dir);
  }

  // ---- what is sent where

  enum Target {
    OI_CREATE, OI_UPDATE, CONSTRAINT_CREATE, CONSTRAINT_UPDATE, SUB_CREATE, SUB_UPDATE,
    OI_QUERY, CONSTRAINT_QUERY, SUB_QUERY, AVAILABILITY;

    /** A body the hub would accept. */
    ObjectNode valid() {
      Instant now = clock.instant();
      Vol area = site.circle(2000, 0, 300).alt(0.0, 120.0);
      return switch (this) {
        case OI_CREATE, OI_UPDATE -> Req.oi(area).newSub().json(now, a.url());
        case CONSTRAINT_CREATE, CONSTRAINT_UPDATE -> Req.constraint(area).json(now, a.url());
        case SUB_CREATE, SUB_UPDATE -> Req.sub(area).constraints(true).json(now, a.url());
        case OI_QUERY, CONSTRAINT_QUERY, SUB_QUERY -> {
          ObjectNode q = Req.JSON.objectNode();
          q.set("area_of_interest", area.json(now));
          yield q;
        }
        case AVAILABILITY -> Req.JSON.objectNode().put("old_version", a.getAvailability(a.name).expect(200)
            .body().path("version").asText()).put("availability", "Down");
      };
    }

    /** Where the body goes, with the current OVN or version for updates. */
    String[] request() {
      return switch (this) {
        case OI_CREATE -> new String[] {"PUT", Party.OIR + UUID.randomUUID()};
        case OI_UPDATE -> new String[] {"PUT", Party.OIR + oi + "/" + a.getOi(oi).expect(200).oi().path("ovn").asText()};
        case CONSTRAINT_CREATE -> new String[] {"PUT", Party.CR + UUID.randomUUID()};
        case CONSTRAINT_UPDATE -> new String[] {"PUT", Party.CR + constraint + "/"
            + a.getConstraint(constraint).expect(200).constraint().path("ovn").asText()};
        case SUB_CREATE -> new String[] {"PUT", Party.SUBS + UUID.randomUUID()};
        case SUB_UPDATE -> new String[] {"PUT", Party.SUBS + sub + "/" + a.sub(sub).version()};
        case OI_QUERY -> new String[] {"POST", Party.OIR + "query"};
        case CONSTRAINT_QUERY -> new String[] {"POST", Party.CR + "query"};
        case SUB_QUERY -> new String[] {"POST", Party.SUBS + "query"};
        case AVAILABILITY -> new String[] {"PUT", Party.AVAILABILITY + a.name};
      };
    }
  }

  /** One change to a JSON tree; {@code where} picks a node among those present when applied. */
  record Mutation(Op op, double where, JsonNode value) {
    enum Op { REPLACE, REMOVE, ADD_FIELD, WRAP_IN_ARRAY, REPEAT_IN_ARRAY }
  }

  @Provide
  Arbitrary<Target> targets() {
    return Arbitraries.of(Target.class);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one = Combinators.combine(
        Arbitraries.of(Mutation.Op.class), Arbitraries.doubles().between(0, 0.999999).ofScale(6), values())
        .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  /** Values a prober would put anywhere: wrong types, edge numbers, odd text, deep and wide arrays. */
  static Arbitrary<JsonNode> values() {
    Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(Req.JSON::textNode),
        Arbitraries.strings().withChars("\u0000\u001f\"\\/\u202e\ud800\udfff\u00e9\ufffd").ofMaxLength(8)
            .map(Req.JSON::textNode),
        Arbitraries.of("", " ", "NaN", "Infinity", "-0", "1e999", "M", "FT", "W84", "SFC", "RFC3339",
            "2030-02-30T00:00:00Z", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
            "00000000-0000-4000-8000-000000000000", "https://x.example", "http://[::1", "https://x.example/",
            "Accepted", "Activated", "Nonconforming", "Contingent", "Normal", "Down", "Unknown")
            .map(Req.JSON::textNode),
        Arbitraries.doubles().map(d -> (JsonNode) Req.JSON.numberNode(d)),
        Arbitraries.of(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 90.0, -90.0, 180.0, -180.0,
            90.000001, 1e-300, 100_000.0, -8000.0).map(d -> (JsonNode) Req.JSON.numberNode(d)),
        Arbitraries.longs().map(l -> (JsonNode) Req.JSON.numberNode(l)),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(90))
            .map(b -> (JsonNode) Req.JSON.numberNode(b)),
        Arbitraries.of(true, false).map(b -> (JsonNode) Req.JSON.booleanNode(b)),
        Arbitraries.just(Req.JSON.nullNode()),
        Arbitraries.just(Req.JSON.objectNode()),
        Arbitraries.just(Req.JSON.arrayNode()));
    return Arbitraries.oneOf(
        scalars,
        Arbitraries.integers().between(1, 100).map(HostileBodyProperties::nested),
        Combinators.combine(scalars, Arbitraries.integers().between(0, 2000)).as((v, n) -> {
          ArrayNode arr = Req.JSON.arrayNode();
          for (int i = 0; i < n; i++) {
            arr.add(v.deepCopy());
          }
          return (JsonNode) arr;
        }));
  }

  private static JsonNode nested(int depth) {
    JsonNode n = Req.JSON.arrayNode();
    for (int i = 1; i < depth; i++) {
      n = Req.JSON.arrayNode().add(n);
    }
    return n;
  }

  // ---- properties

  @Property(tries = 400)
  void mutated_bodies_get_no_5xx_and_a_refusal_changes_nothing(
      @ForAll("targets") Target target, @ForAll("mutations") List<Mutation> mutations) {
    JsonNode body = target.valid();
    for (Mutation m : mutations) {
      body = apply(body, m);
    }
    JsonNode sent = body;
    check(target, () -> a.send(target.request()[0], target.request()[1], sent));
  }

  @Property(tries = 300)
  void mangled_text_and_bytes_get_no_5xx_and_a_refusal_changes_nothing(
      @ForAll("targets") Target target, @ForAll("edits") List<TextEdit> edits) {
    byte[] body = target.valid().toString().getBytes(StandardCharsets.UTF_8);
    for (TextEdit e : edits) {
      body = e.apply(body);
    }
    byte[] sent = body;
    check(target, () -> a.send(target.request()[0], target.request()[1], sent));
  }

  @Property(tries = 200)
  void hostile_path_parameters_get_a_4xx_and_change_nothing(
      @ForAll("pathParams") String param, @ForAll("paramRoutes") int route) {
    String p = URLEncoder.encode(param, StandardCharsets.UTF_8).replace("+", "%20");
    String[][] routes = {
        {"GET", Party.OIR + p}, {"DELETE", Party.OIR + oi + "/" + p}, {"DELETE", Party.OIR + p + "/" + p},
        {"GET", Party.CR + p}, {"DELETE", Party.CR + constraint + "/" + p},
        {"GET", Party.SUBS + p}, {"DELETE", Party.SUBS + sub + "/" + p},
        {"PUT", Party.OIR + oi + "/" + p}, {"PUT", Party.SUBS + sub + "/" + p},
    };
    String[] r = routes[route];
    JsonNode before = state();
    Object body = r[0].equals("PUT") ? Target.OI_CREATE.valid() : null;
    Resp resp = a.send(r[0], r[1], body);
    Statistics.collect(resp.status());
    assertThat(resp.status()).as("%s %s: %s", r[0], r[1], resp.raw()).isBetween(400, 499);
    assertThat(resp.message()).isNotBlank().hasSizeLessThanOrEqualTo(HostileInputContract.MAX_MESSAGE);
    assertThat(state()).isEqualTo(before);
  }

  @Provide
  Arbitrary<String> pathParams() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(64),
        Arbitraries.strings().withChars("0123456789abcdef-").ofMinLength(30).ofMaxLength(40),
        Arbitraries.strings().ofMinLength(1000).ofMaxLength(4000),
        Arbitraries.of("..", "../..", "%", "%00", "\u0000", " ", "query", "-1", "1e3", "0",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff"));
  }

  @Provide
  Arbitrary<Integer> paramRoutes() {
    return Arbitraries.integers().between(0, 8);
  }

  /**
   * Sends, then checks the answer: never a 5xx (the client fails on one) nor a hang (it times out),
   * a 400 names what is wrong in a few hundred characters, and nothing changes on any 4xx.
   */
  private static void check(Target target, Supplier<Resp> send) {
    JsonNode before = state();
    Resp r = send.get();
    Statistics.label("status").collect(r.status());
    assertThat(r.status()).as("%s: %s", target, r.raw()).isLessThan(500);
    if (r.status() >= 400) {
      String m = r.message();
      assertThat(m).as("%s: %s", target, r.raw()).isNotBlank().hasSizeLessThanOrEqualTo(HostileInputContract.MAX_MESSAGE);
      if (r.status() == 400) {
        assertThat(m.startsWith("malformed JSON at line") || m.startsWith("request body is")
            || FIELDS.stream().anyMatch(m::contains)).as("%s names a field", m).isTrue();
      }
      assertThat(state()).as("%s after %s", target, m).isEqualTo(before);
    }
  }

  /** The party's site as it sees it, and its availability. */
  private static JsonNode state() {
    ObjectNode s = Req.JSON.objectNode();
    ValidationContract.Snapshot snap = ValidationContract.Snapshot.of(a, site);
    s.set("ois", Req.JSON.arrayNode().addAll(snap.ois()));
    s.set("constraints", Req.JSON.arrayNode().addAll(snap.constraints()));
    s.set("subscriptions", Req.JSON.arrayNode().addAll(snap.subscriptions()));
    s.set("availability", a.getAvailability(a.name).expect(200).body());
    return s;
  }

  private static JsonNode apply(JsonNode root, Mutation m) {
    List<String> pointers = new ArrayList<>();
    pointers(root, "", pointers);
    String at = pointers.get((int) (m.where() * pointers.size()));
    if (at.isEmpty()) {
      return switch (m.op()) {
        case REPLACE, REMOVE -> m.value();
        case WRAP_IN_ARRAY, REPEAT_IN_ARRAY -> Req.JSON.arrayNode().add(root);
        case ADD_FIELD -> root.isObject() ? ((ObjectNode) root.deepCopy()).set("x" + pointers.size(), m.value()) : root;
      };
    }
    JsonNode copy = root.deepCopy();
    int slash = at.lastIndexOf('/');
    JsonNode parent = copy.at(at.substring(0, slash));
    String field = at.substring(slash + 1);
    JsonNode current = copy.at(at);
    JsonNode next = switch (m.op()) {
      case REPLACE -> m.value();
      case WRAP_IN_ARRAY -> Req.JSON.arrayNode().add(current);
      case ADD_FIELD -> current.isObject() ? ((ObjectNode) current).set("unexpected", m.value()) : m.value();
      case REPEAT_IN_ARRAY, REMOVE -> null;
    };
    if (parent instanceof ObjectNode o) {
      if (m.op() == Mutation.Op.REMOVE) {
        o.remove(field);
      } else if (m.op() == Mutation.Op.REPEAT_IN_ARRAY) {
        o.set(field, Req.JSON.arrayNode().add(current).add(current));
      } else {
        o.set(field, next);
      }
    } else if (parent instanceof ArrayNode arr) {
      int i = Integer.parseInt(field);
      if (m.op() == Mutation.Op.REMOVE) {
        arr.remove(i);
      } else if (m.op() == Mutation.Op.REPEAT_IN_ARRAY) {
        arr.insert(i, current.deepCopy());
      } else {
        arr.set(i, next);
      }
    }
    return copy;
  }

  private static void pointers(JsonNode n, String at, List<String> out) {
    out.add(at);
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(f -> pointers(n.get(f), at + "/" + f, out));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        pointers(n.get(i), at + "/" + i, out);
      }
    }
  }

  // ---- text and byte edits

  /** One edit of the body's bytes at a relative position. */
  record TextEdit(Kind kind, double where, int length, byte[] insert) {
    enum Kind { DELETE, INSERT, DUPLICATE, TRUNCATE }

    byte[] apply(byte[] b) {
      int at = (int) (where * b.length);
      int len = Math.min(length, b.length - at);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      switch (kind) {
        case DELETE -> {
          out.write(b, 0, at);
          out.write(b, at + len, b.length - at - len);
        }
        case INSERT -> {
          out.write(b, 0, at);
          out.writeBytes(insert);
          out.write(b, at, b.length - at);
        }
        case DUPLICATE -> {
          out.write(b, 0, at + len);
          out.write(b, at, b.length - at);
        }
        case TRUNCATE -> out.write(b, 0, at);
      }
      return out.toByteArray();
    }
  }

  @Provide
  Arbitrary<List<TextEdit>> edits() {
    Arbitrary<byte[]> fragments = Arbitraries.oneOf(
        Arbitraries.of("NaN", "Infinity", "-Infinity", "1e999", "-", "{", "}", "[", "]", ",", ":", "\"", "\\",
            "\\u0000", "\\ud800", "\\uZZZZ", "null", "true", "0x1f", "01", "/*", "//", "'", "\u0000", "\t", "\n",
            "9".repeat(120), "[".repeat(70), "{\"a\":".repeat(70), "\"extents\":", "\"lat\":", "\u202e", "\u00e9")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.of("c328", "c0af", "ff", "fe", "80", "eda080", "f4908080", "e282", "f8888080", "c1bf")
            .map(h -> java.util.HexFormat.of().parseHex(h)),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8));
    Arbitrary<TextEdit> one = Combinators.combine(
        Arbitraries.of(TextEdit.Kind.class), Arbitraries.doubles().between(0, 0.999999).ofScale(6),
        Arbitraries.integers().between(1, 40), fragments).as(TextEdit::new);
    return one.list().ofMinSize(1).ofMaxSize(5);
  }
}
