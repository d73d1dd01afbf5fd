package org.liaison.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.json.FieldErrors;
import org.liaison.json.ObjectView;

/**
 * Which separation buffers a node's planner keeps from each other party: the operator's entry for
 * the party first; else the largest of the buffers of the operator's groups it belongs to, per
 * dimension; else the widest buffers of the agreements in force between the two parties (with the
 * default's time buffer: agreements set no time buffer); else the default. The node keeps the
 * default from its own other operations.
 *
 * <p>The default is the FAA's separation from active special-use airspace, 3 NM (5556 m) and
 * 500 ft (152.4 m), with 300 s in time: another party's declared volume is airspace it has
 * reserved and that we cannot check it keeps to, which is the situation that figure is for; and
 * 300 s is the clock difference InterUSS tolerates between parties. Parties that fly small
 * drones close together configure smaller buffers.
 *
 * <pre>{@code
 * {"default": {"horizontal_m": 5556, "vertical_m": 152.4, "time_s": 300},
 *  "groups": [{"name": "coalition", "members": ["A", "B"], "horizontal_m": 1852}],
 *  "parties": {"C": {"horizontal_m": 9260, "time_s": 600}}}
 * }</pre>
 * Absent fields of a group or party entry take the default's value.
 */
public final class SeparationPolicy {
  /** The documented default; see the class comment for why. */
  public static final Buffers DEFAULT = new Buffers(5556, 152.4, 300);

  /** A named set of parties with buffers of their own. */
  public record Group(String name, Set<String> members, Buffers buffers) {}

  private final Buffers base;
  private final List<Group> groups;
  private final Map<String, Buffers> parties;
  private final AgreedSeparation.Snapshot agreed;

  public SeparationPolicy(Buffers base, List<Group> groups, Map<String, Buffers> parties) {
    this(base, groups, parties, AgreedSeparation.Snapshot.NONE);
  }

  private SeparationPolicy(Buffers base, List<Group> groups, Map<String, Buffers> parties,
      AgreedSeparation.Snapshot agreed) {
    this.base = base;
    this.groups = List.copyOf(groups);
    this.parties = Map.copyOf(parties);
    this.agreed = agreed;
  }

  /** This policy with the buffers agreed in {@code s} under the operator's own entries. */
  SeparationPolicy withAgreed(AgreedSeparation.Snapshot s) {
    return new SeparationPolicy(base, groups, parties, s);
  }

  public static SeparationPolicy defaults() {
    return new SeparationPolicy(DEFAULT, List.of(), Map.of());
  }

  /** The same buffers against everyone. */
  public static SeparationPolicy uniform(Buffers b) {
    return new SeparationPolicy(b, List.of(), Map.of());
  }

  public Buffers base() {
    return base;
  }

  /** The buffers to keep from {@code party}'s operations and restrictions. */
  public Buffers against(String party) {
    Buffers own = parties.get(party);
    if (own != null) {
      return own;
    }
    Buffers g = null;
    for (Group group : groups) {
      if (group.members().contains(party)) {
        g = g == null ? group.buffers() : g.max(group.buffers());
      }
    }
    if (g != null) {
      return g;
    }
    AgreedSeparation.Agreed a = agreed.byParty().get(party);
    return a != null ? agreedBuffers(a) : base;
  }

  private Buffers agreedBuffers(AgreedSeparation.Agreed a) {
    return new Buffers(a.horizontalM(), a.verticalM(), base.timeS());
  }

  /**
   * Where {@link #against}'s buffers for {@code party} come from: {@code {"source": "party"}}
   * (the operator's entry), {@code "group"} (with {@code groups}), {@code "agreement"} (with the
   * {@code agreements} that set them, by id and version) or {@code "default"}; with a {@code note}
   * when the hub's agreements could not be fetched.
   */
  ObjectNode source(String party) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (parties.containsKey(party)) {
      n.put("source", "party");
    } else if (groups.stream().anyMatch(g -> g.members().contains(party))) {
      n.put("source", "group");
      ArrayNode gs = n.putArray("groups");
      groups.stream().filter(g -> g.members().contains(party)).forEach(g -> gs.add(g.name()));
    } else if (agreed.byParty().containsKey(party)) {
      n.put("source", "agreement");
      n.set("agreements", setters(agreed.byParty().get(party)));
      n.put("time_s", "default");
    } else {
      n.put("source", "default");
    }
    String note = agreed.note();
    if (note != null) {
      n.put("note", note);
    }
    return n;
  }

  private static ArrayNode setters(AgreedSeparation.Agreed a) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    for (AgreedSeparation.Setter s : a.from()) {
      ObjectNode o = arr.addObject().put("id", s.agreement().id()).put("version", s.agreement().version())
          .put("title", s.agreement().title());
      ArrayNode sets = o.putArray("sets");
      s.sets().forEach(sets::add);
    }
    return arr;
  }

  /** The largest buffer of each dimension over every entry. */
  public Buffers largest() {
    Buffers m = base;
    for (Group g : groups) {
      m = m.max(g.buffers());
    }
    for (Buffers b : parties.values()) {
      m = m.max(b);
    }
    for (AgreedSeparation.Agreed a : agreed.byParty().values()) {
      m = m.max(agreedBuffers(a));
    }
    return m;
  }

  public static SeparationPolicy load(Path file) throws IOException {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage(), e);
    }
    try {
      return parse(n);
    } catch (ApiException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public static SeparationPolicy parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw FieldErrors.wrongType("separation", "a JSON object", json);
    }
    ObjectView n = ObjectView.of(json);
    Buffers base = n.has("default") ? Buffers.parse(n.obj("default"), DEFAULT) : DEFAULT;
    List<Group> groups = new ArrayList<>();
    for (ObjectView g : n.arrayOrEmpty("groups").objects()) {
      String name = g.string("name");
      Set<String> members = new LinkedHashSet<>(g.array("members").strings());
      ObjectNode rest = g.node().deepCopy();
      rest.remove("name");
      rest.remove("members");
      groups.add(new Group(name, members, Buffers.parse(ObjectView.of(rest, g.path()), base)));
    }
    Map<String, Buffers> parties = new LinkedHashMap<>();
    if (n.has("parties")) {
      ObjectView ps = n.obj("parties");
      for (var e : ps.node().properties()) {
        parties.put(e.getKey(), Buffers.parse(ps.obj(e.getKey()), base));
      }
    }
    return new SeparationPolicy(base, groups, parties);
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("default", base.toJson());
    ArrayNode gs = n.putArray("groups");
    for (Group g : groups) {
      ObjectNode o = g.buffers().toJson();
      o.put("name", g.name());
      ArrayNode ms = o.putArray("members");
      g.members().forEach(ms::add);
      gs.add(o);
    }
    ObjectNode ps = n.putObject("parties");
    parties.forEach((k, v) -> ps.set(k, v.toJson()));
    ObjectNode ag = n.putObject("agreed");
    agreed.byParty().forEach((k, v) -> {
      ObjectNode o = agreedBuffers(v).toJson();
      o.set("agreements", setters(v));
      o.put("applies", source(k).path("source").asText().equals("agreement"));
      ag.set(k, o);
    });
    ObjectNode st = n.putObject("agreements");
    st.put("fetched", agreed.fetched() == null ? null : agreed.fetched().toString());
    ArrayNode inForce = st.putArray("in_force");
    agreed.inForce().forEach(a -> inForce.addObject().put("id", a.id()).put("version", a.version())
        .put("title", a.title()));
    st.put("error", agreed.error());
    st.put("failed", agreed.failed() == null ? null : agreed.failed().toString());
    st.put("note", agreed.note());
    return n;
  }
}
