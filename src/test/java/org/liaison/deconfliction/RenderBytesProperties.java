package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.liaison.astm.Extents;
import org.liaison.astm.Wire;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.Constraint;
import org.liaison.deconfliction.Models.OiState;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;

/**
 * The query answers {@link Render} writes as bytes, from its cache of renderings, are exactly the
 * bytes Jackson writes for the tree form ({@link Render#oi}, {@link Render#constraint}), for the
 * owner and for others, whatever the strings hold, after references change version and managers
 * change availability. Ids are drawn so that many share a cache slot, and the same id is rewritten
 * with new content, so a rendering served by id rather than by version would show.
 */
class RenderBytesProperties {
  private static final String[] PARTIES = {"uss1", "uss2", "\"q\\u\u00e9\n\u0001\uD83D\uDE80"};

  /** One step of a run: a new version of reference {@code ref}, an availability change, or a query. */
  record Step(int kind, int ref, int party, int pick, Availability availability, Strings strings) {}

  /** Strings of one new version. */
  record Strings(String ovn, String baseUrl, String start, String end, long version, OiState state, boolean sub) {}

  @Property(tries = 300)
  void answersAreTheTreeBytes(@ForAll("steps") List<Step> steps) throws Exception {
    Map<String, Availability> availability = new HashMap<>();
    Render render = new Render(p -> availability.getOrDefault(p, Availability.Unknown));
    List<OperationalIntent> ois = new ArrayList<>();
    List<Constraint> constraints = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // A UUID's hash is that of its two halves xor-ed, so pairs of references share a slot.
      long half = 0x1234_5678_9abc_def0L * (i + 1);
      ois.add(oi(new UUID(half, half ^ (i % 6)), PARTIES[i % PARTIES.length],
          new Strings("ovn" + i, "https://u", "s", "e", 1, OiState.Accepted, false)));
      constraints.add(constraint(new UUID(half, half ^ (100 + i % 6)), PARTIES[i % PARTIES.length],
          new Strings("c" + i, "https://c", "s", "e", 1, null, false)));
    }
    for (Step s : steps) {
      int r = s.ref() % ois.size();
      switch (s.kind()) {
        case 0 -> {
          ois.set(r, oi(ois.get(r).id(), PARTIES[s.party()], s.strings()));
          constraints.set(r, constraint(constraints.get(r).id(), PARTIES[s.party()], s.strings()));
          Statistics.label("step").collect("new version");
        }
        case 1 -> {
          availability.put(PARTIES[s.party()], s.availability());
          Statistics.label("step").collect("availability");
        }
        default -> {
          String caller = PARTIES[s.party()];
          List<OperationalIntent> qo = new ArrayList<>();
          List<Constraint> qc = new ArrayList<>();
          for (int i = 0; i < ois.size(); i++) {
            if ((s.pick() >>> i & 1) == 1) {
              qo.add(ois.get(i));
              qc.add(constraints.get(i));
            }
          }
          assertSame(render.ois(qo, caller), treeOis(render, qo, caller));
          assertSame(render.constraints(qc, caller), treeConstraints(render, qc, caller));
          Statistics.label("step").collect("query");
        }
      }
    }
  }

  private static void assertSame(byte[] bytes, byte[] tree) {
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(new String(tree, StandardCharsets.UTF_8));
    assertThat(bytes).isEqualTo(tree);
  }

  private static byte[] treeOis(Render render, List<OperationalIntent> ois, String caller) throws Exception {
    ObjectNode out = Wire.JSON.objectNode();
    ArrayNode arr = out.putArray("operational_intent_references");
    ois.forEach(oi -> arr.add(render.oi(oi, caller)));
    return Json.MAPPER.writeValueAsBytes(out);
  }

  private static byte[] treeConstraints(Render render, List<Constraint> cs, String caller) throws Exception {
    ObjectNode out = Wire.JSON.objectNode();
    ArrayNode arr = out.putArray("constraint_references");
    cs.forEach(c -> arr.add(render.constraint(c, caller)));
    return Json.MAPPER.writeValueAsBytes(out);
  }

  private static Extents extents(Strings s) {
    Instant t = Instant.parse("2030-01-01T00:00:00Z");
    Volume4D v = new Volume4D(new Circle(new LatLng(1, 2), 10), new AltitudeBand(0, 10),
        new TimeWindow(t, t.plusSeconds(60)));
    return new Extents(List.of(v), s.start(), s.end());
  }

  private static OperationalIntent oi(UUID id, String manager, Strings s) {
    return new OperationalIntent(id, manager, s.version(), s.ovn(), s.state() == null ? OiState.Accepted : s.state(),
        extents(s), s.baseUrl(), s.sub() ? UUID.nameUUIDFromBytes(s.ovn().getBytes(StandardCharsets.UTF_8)) : null);
  }

  private static Constraint constraint(UUID id, String manager, Strings s) {
    return new Constraint(id, manager, s.version(), s.ovn(), extents(s), s.baseUrl());
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    // Any text, including quotes, backslashes, control characters and non-ASCII (valid UTF-16).
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().withChars("\"\\/\u0000\u001f\u007f\u00e9\u2028abc").ofMaxLength(8),
        Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(8))
        .filter(RenderBytesProperties::wellFormed);
    Arbitrary<Strings> strings = Combinators.combine(text, text, text, text, Arbitraries.longs(),
            Arbitraries.of(OiState.class), Arbitraries.of(true, false))
        .as(Strings::new);
    Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 11),
            Arbitraries.integers().between(0, PARTIES.length - 1),
            // Often one reference, so its rendering stays cached from query to query.
            Arbitraries.oneOf(Arbitraries.integers().between(0, 4095), Arbitraries.integers().between(0, 2).map(k -> 1 << k)),
            Arbitraries.of(Availability.class), strings)
        .as(Step::new);
    return step.list().ofMaxSize(40);
  }

  /** Lone surrogates cannot be written as UTF-8 by either path: both refuse them. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
