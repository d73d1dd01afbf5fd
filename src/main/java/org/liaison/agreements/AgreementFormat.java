package org.liaison.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.http.Json;

/**
 * Reads an agreement document: first against the JSON Schema (shape, types and bounds), then
 * against the hub's directory (known parties, phrasebook languages, the channel and its members).
 * Every refusal is a 400 naming the field and the value.
 */
final class AgreementFormat {
  static final String SCHEMA_RESOURCE = "agreements/agreement.schema.json";
  private static final byte[] SCHEMA_BYTES = load();
  private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
      .getSchema(new java.io.ByteArrayInputStream(SCHEMA_BYTES));

  /** What a document is checked against besides the schema. */
  record Directory(Predicate<String> knownParty, List<String> languages, Function<String, List<String>> members) {}

  private AgreementFormat() {}

  /** The schema, as served. */
  static byte[] schema() {
    return SCHEMA_BYTES.clone();
  }

  static Agreement parse(JsonNode doc, Directory dir) {
    if (doc == null || !doc.isObject()) {
      throw ApiException.badRequest("the agreement must be a JSON object, got %s",
          doc == null ? "nothing" : doc.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
    List<Error> errors = SCHEMA.validate(doc);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest("%s", describe(errors.get(0)));
    }
    List<String> parties = texts(doc.get("parties"));
    for (int i = 0; i < parties.size(); i++) {
      if (!dir.knownParty().test(parties.get(i))) {
        throw ApiException.badRequest("parties[%d] \"%s\" is not a party known to this hub (it has no directory entry)",
            i, Values.truncate(parties.get(i)));
      }
    }
    JsonNode n = doc.get("minimum_notice");
    Map<String, Duration> perParty = new LinkedHashMap<>();
    if (n.has("parties")) {
      for (Map.Entry<String, JsonNode> e : n.get("parties").properties()) {
        requireParty(parties, e.getKey(), "minimum_notice.parties." + e.getKey());
        perParty.put(e.getKey(), Duration.ofMinutes(e.getValue().asLong()));
      }
    }
    List<Agreement.Area> areas = new ArrayList<>();
    if (n.has("areas")) {
      for (JsonNode a : n.get("areas")) {
        areas.add(new Agreement.Area(a.get("name").asText(), a.at("/center/lat").asDouble(),
            a.at("/center/lng").asDouble(), a.get("radius_m").asDouble(), Duration.ofMinutes(a.get("minutes").asLong())));
      }
    }
    Agreement.Notice notice = new Agreement.Notice(Duration.ofMinutes(n.get("default_minutes").asLong()), perParty, areas);
    Agreement.Separation sep = new Agreement.Separation(doc.at("/separation/horizontal_m").asDouble(),
        doc.at("/separation/vertical_m").asDouble());
    Map<String, Duration> ack = new LinkedHashMap<>();
    for (String p : Strictest.PRIORITIES) {
      ack.put(p, Duration.ofSeconds(doc.get("acknowledgement").get(p).asLong()));
    }
    String channel = doc.get("channel").asText();
    requireMembers(dir, channel, parties, "channel");
    List<Agreement.Escalation> escalation = new ArrayList<>();
    JsonNode esc = doc.path("escalation");
    for (int i = 0; i < esc.size(); i++) {
      JsonNode s = esc.get(i);
      List<String> notify = texts(s.get("notify"));
      for (int j = 0; j < notify.size(); j++) {
        requireParty(parties, notify.get(j), "escalation[" + i + "].notify[" + j + "]");
      }
      String ch = s.get("channel").asText();
      List<String> members = dir.members().apply(ch);
      if (members.isEmpty()) {
        throw ApiException.badRequest("escalation[%d].channel \"%s\" is not a channel on this hub", i, Values.truncate(ch));
      }
      for (String p : notify) {
        if (!members.contains(p)) {
          throw ApiException.badRequest("escalation[%d].channel \"%s\" does not have %s, whom it notifies, as a member",
              i, Values.truncate(ch), p);
        }
      }
      escalation.add(new Agreement.Escalation(Duration.ofSeconds(s.get("after_seconds").asLong()), notify, ch));
    }
    JsonNode line = doc.get("line");
    Duration heartbeat = Duration.ofSeconds(line.get("heartbeat_seconds").asLong());
    Duration unreachable = Duration.ofSeconds(line.get("unreachable_after_seconds").asLong());
    if (unreachable.compareTo(heartbeat) < 0) {
      throw ApiException.badRequest("line.unreachable_after_seconds %d is shorter than line.heartbeat_seconds %d",
          unreachable.toSeconds(), heartbeat.toSeconds());
    }
    String to = line.at("/hours/to").asText();
    Agreement.Line l = new Agreement.Line(LocalTime.parse(line.at("/hours/from").asText()),
        to.equals("24:00") ? null : LocalTime.parse(to), heartbeat, unreachable);
    List<String> languages = texts(doc.get("languages"));
    for (int i = 0; i < languages.size(); i++) {
      if (!dir.languages().contains(languages.get(i))) {
        throw ApiException.badRequest("languages[%d] \"%s\" is not a phrasebook language; they are %s", i,
            Values.truncate(languages.get(i)), String.join(", ", dir.languages()));
      }
    }
    return new Agreement(doc.get("title").asText(), parties, channel, notice, sep, ack, escalation, l, languages);
  }

  private static void requireParty(List<String> parties, String p, String field) {
    if (!parties.contains(p)) {
      throw ApiException.badRequest("%s \"%s\" is not one of the agreement's parties", field, Values.truncate(p));
    }
  }

  private static void requireMembers(Directory dir, String channel, List<String> parties, String field) {
    List<String> members = dir.members().apply(channel);
    if (members.isEmpty()) {
      throw ApiException.badRequest("%s \"%s\" is not a channel on this hub", field, Values.truncate(channel));
    }
    for (String p : parties) {
      if (!members.contains(p)) {
        throw ApiException.badRequest("%s \"%s\" does not have party %s as a member", field, Values.truncate(channel), p);
      }
    }
  }

  private static List<String> texts(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.asText()));
    return out;
  }

  /** "separation.horizontal_m: must have a maximum value of 100000, got 500000". */
  static String describe(Error e) {
    String at = e.getInstanceLocation().toString();
    String field = dotted(at);
    if (e.getProperty() != null && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword()))) {
      String prop = e.getProperty();
      String path = field.isEmpty() ? prop : field + "." + prop;
      return "required".equals(e.getKeyword()) ? path + " is required"
          : path + " is not a field of " + (field.isEmpty() ? "an agreement" : field);
    }
    String msg = e.getMessage();
    String what = msg.startsWith(at + ": ") ? msg.substring(at.length() + 2) : msg;
    JsonNode v = e.getInstanceNode();
    String got = v == null ? "" : ", got " + Values.truncate(v.isTextual() ? "\"" + v.asText() + "\"" : v.toString());
    return (field.isEmpty() ? "the agreement" : field) + ": " + what + got;
  }

  /** A JSON Pointer ("/escalation/0/notify") as the field path refusals use ("escalation[0].notify"). */
  static String dotted(String pointer) {
    String p = pointer.startsWith("$") ? pointer.substring(1) : pointer;
    StringBuilder b = new StringBuilder();
    for (String seg : p.split("[/.]")) {
      if (seg.isEmpty()) {
        continue;
      }
      String s = seg.replace("~1", "/").replace("~0", "~");
      if (s.chars().allMatch(Character::isDigit)) {
        b.append('[').append(s).append(']');
      } else {
        b.append(b.length() == 0 ? "" : ".").append(s);
      }
    }
    return b.toString();
  }

  private static byte[] load() {
    try (InputStream in = AgreementFormat.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + SCHEMA_RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String canonical(JsonNode doc) {
    try {
      return Json.MAPPER.writeValueAsString(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
