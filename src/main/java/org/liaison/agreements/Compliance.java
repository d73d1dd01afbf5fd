package org.liaison.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;

/**
 * Each party's compliance with an agreement over a period, computed from ledger entries only, so
 * that either side can recompute it: every figure lists the indexes of the entries it came from,
 * and {@code ./liaison ledger prove} proves each of them. Pure: no I/O.
 *
 * <p>Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at rank
 * ⌈p·n/100⌉ (the median is the 50th).
 */
final class Compliance {
  /** A ledger entry and its index. */
  record Row(long index, JsonNode entry) {
    String type() {
      return entry.path("type").asText();
    }

    Instant time() {
      return Instant.parse(entry.get("time").asText());
    }
  }

  private Compliance() {}

  /**
   * The report for agreement {@code a} (id {@code id}) over [{@code from}, {@code to}): {@code
   * rows} are the ledger's entries up to {@code to} (earlier ones are ignored except as the
   * availability before the period began).
   */
  static ObjectNode report(String id, Agreement a, List<Row> rows, Instant from, Instant to) {
    Set<String> channels = new HashSet<>();
    channels.add(a.channel());
    a.escalation().forEach(s -> channels.add(s.channel()));
    Strictest.InForce self = new Strictest.InForce(id, 0, a, from);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("agreement", id).put("from", from.toString()).put("to", to.toString());
    out.put("percentiles", "nearest-rank");
    // Warnings and their acknowledgements, found once for all parties.
    Map<String, Row> warnings = new HashMap<>();
    Map<String, Row> acks = new HashMap<>();
    List<Row> declarations = new ArrayList<>();
    for (Row r : rows) {
      Instant t = r.time();
      if (t.isBefore(to) && !t.isBefore(from)) {
        if (r.type().equals("message.post") && channels.contains(r.entry().path("channel_id").asText())
            && r.entry().path("priority").asText().equals("safety-of-flight")) {
          warnings.put(r.entry().get("message_id").asText(), r);
        } else if (r.type().equals("notice.create") && a.parties().contains(r.entry().path("party").asText())) {
          declarations.add(r);
        }
      }
      if (r.type().equals("message.ack") && t.isBefore(to)) {
        for (JsonNode m : r.entry().path("messages")) {
          acks.putIfAbsent(m.get("message_id").asText() + "/" + r.entry().get("party").asText(), r);
        }
      }
    }
    ArrayNode parties = out.putArray("parties");
    for (String p : a.parties()) {
      ObjectNode n = parties.addObject().put("party", p);
      declarations(n.putObject("declarations"), p, self, declarations);
      warnings(n.putObject("warnings_received"), p, warnings, acks);
      ArrayNode sent = n.putObject("warnings_sent").putArray("entries");
      warnings.values().stream().filter(w -> w.entry().get("party").asText().equals(p)).map(Row::index).sorted()
          .forEach(sent::add);
      ((ObjectNode) n.get("warnings_sent")).put("count", sent.size());
      unreachable(n.putObject("unreachable"), p, rows, from, to);
      breaches(n.putObject("separation_breaches"), p, a, declarations);
    }
    return out;
  }

  private static void declarations(ObjectNode n, String p, Strictest.InForce self, List<Row> all) {
    Strictest.Rules rules = Strictest.between(List.of(self), p, p).orElseThrow();
    List<Long> leads = new ArrayList<>();
    ArrayNode entries = n.putArray("entries");
    ArrayNode under = Json.MAPPER.createArrayNode();
    ArrayNode each = Json.MAPPER.createArrayNode();
    for (Row r : all) {
      if (!r.entry().get("party").asText().equals(p)) {
        continue;
      }
      List<Volume4D> vs = Volumes.ofEntry(r.entry());
      if (vs.isEmpty()) {
        continue;
      }
      long lead = Duration.between(r.time(), Volumes.start(vs)).toSeconds();
      double[] cap = Volumes.cap(vs.get(0).outline());
      if (lead < rules.noticeFor(p, cap[0], cap[1], cap[2]).toSeconds()) {
        under.add(r.index());
      }
      leads.add(lead);
      entries.add(r.index());
      each.addObject().put("entry", r.index()).put("seconds", lead);
    }
    n.put("count", leads.size());
    n.put("minimum_notice_minutes", rules.notice().get(p).toMinutes());
    ObjectNode lt = n.putObject("lead_time_seconds");
    put(lt, "median", percentile(leads, 50));
    put(lt, "p5", percentile(leads, 5));
    n.put("under_minimum", under.size());
    n.set("under_minimum_entries", under);
    // Each declaration's lead time, for charts and for checking the figures above one by one.
    n.set("lead_times", each);
  }

  private static void warnings(ObjectNode n, String p, Map<String, Row> warnings, Map<String, Row> acks) {
    int onTime = 0;
    int late = 0;
    int never = 0;
    List<Long> times = new ArrayList<>();
    ArrayNode entries = n.putArray("entries");
    ArrayNode each = Json.MAPPER.createArrayNode();
    for (Row w : warnings.values().stream().sorted(java.util.Comparator.comparingLong(Row::index)).toList()) {
      boolean to = false;
      for (JsonNode r : w.entry().path("recipients")) {
        to |= r.asText().equals(p);
      }
      if (!to) {
        continue;
      }
      entries.add(w.index());
      Row ack = acks.get(w.entry().get("message_id").asText() + "/" + p);
      ObjectNode one = each.addObject().put("warning", w.index());
      if (ack == null) {
        never++;
        one.putNull("ack").putNull("ms").put("late", false);
        continue;
      }
      entries.add(ack.index());
      Instant deadline = Instant.parse(w.entry().get("ack_deadline").asText());
      boolean isLate = ack.time().isAfter(deadline);
      if (isLate) {
        late++;
      } else {
        onTime++;
      }
      long ms = Duration.between(w.time(), ack.time()).toMillis();
      times.add(ms);
      one.put("ack", ack.index()).put("ms", ms).put("late", isLate);
    }
    n.put("count", onTime + late + never).put("acknowledged_on_time", onTime).put("acknowledged_late", late)
        .put("never_acknowledged", never);
    ObjectNode t = n.putObject("time_to_acknowledge_ms");
    put(t, "median", percentile(times, 50));
    put(t, "p95", percentile(times, 95));
    // Each warning with its acknowledgement (null when never), for charts and for checking.
    n.set("acknowledgements", each);
  }

  /** Time Down (ASTM availability) within the period, from the availability entries. */
  private static void unreachable(ObjectNode n, String p, List<Row> rows, Instant from, Instant to) {
    Instant downSince = null;
    long ms = 0;
    ArrayNode entries = n.putArray("entries");
    for (Row r : rows) {
      if (!r.type().equals("availability.set") || !r.entry().path("uss").asText().equals(p) || !r.time().isBefore(to)) {
        continue;
      }
      boolean down = r.entry().path("availability").asText().equals("Down");
      Instant t = r.time().isBefore(from) ? from : r.time();
      if (down && downSince == null) {
        downSince = t;
        entries.add(r.index());
      } else if (!down && downSince != null) {
        ms += Duration.between(downSince, t).toMillis();
        downSince = null;
        entries.add(r.index());
      }
    }
    if (downSince != null) {
      ms += Duration.between(downSince, to).toMillis();
    }
    n.put("hours", ms / 3_600_000.0);
  }

  /** Declarations of this party that came within the agreed buffers of another party's earlier one. */
  private static void breaches(ObjectNode n, String p, Agreement a, List<Row> all) {
    ArrayNode entries = n.putArray("entries");
    int count = 0;
    for (int i = 0; i < all.size(); i++) {
      Row x = all.get(i);
      if (!x.entry().get("party").asText().equals(p)) {
        continue;
      }
      for (int j = 0; j < i; j++) {
        Row y = all.get(j);
        if (!y.entry().get("party").asText().equals(p) && Volumes.within(Volumes.ofEntry(x.entry()),
            Volumes.ofEntry(y.entry()), a.separation().horizontalM(), a.separation().verticalM())) {
          count++;
          entries.addArray().add(y.index()).add(x.index());
        }
      }
    }
    n.put("count", count);
  }

  static Long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> s = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p * s.size() / 100.0);
    return s.get(Math.max(1, rank) - 1);
  }

  private static void put(ObjectNode n, String field, Long v) {
    if (v == null) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
