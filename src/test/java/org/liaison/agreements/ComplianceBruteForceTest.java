package org.liaison.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.http.Json;

/**
 * Compliance figures on a generated day of ledger entries, checked against a brute-force
 * recomputation: counts by scanning every entry, percentiles by their definition (the least value
 * with enough values at or below it), unreachable time by sampling every second of the day.
 */
class ComplianceBruteForceTest {
  static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
  static final List<String> PARTIES = List.of("a", "b", "c");

  static Agreement agreement() {
    return new Agreement("t", PARTIES, "ch", new Agreement.Notice(Duration.ofMinutes(60), Map.of("b", Duration.ofMinutes(30)),
        List.of()), new Agreement.Separation(2000, 300), Map.of("safety-of-flight", Duration.ofSeconds(300), "urgent",
        Duration.ofSeconds(900), "routine", Duration.ofSeconds(3600)), List.of(), new Agreement.Line(LocalTime.MIDNIGHT,
        null, Duration.ofSeconds(30), Duration.ofSeconds(90)), List.of("en"));
  }

  /** A generated day: declarations, warnings on two channels, acknowledgements, availability changes. */
  static List<Compliance.Row> day(Random rnd) {
    List<ObjectNode> es = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String p = List.of("a", "b", "c", "x").get(rnd.nextInt(4));
      Instant t = DAY.plusSeconds(rnd.nextInt(86_400));
      ObjectNode e = entry("notice.create", p, t).put("id", "n" + i);
      ObjectNode v = e.putArray("extents").addObject();
      ObjectNode vol = v.putObject("volume");
      ObjectNode c = vol.putObject("outline_circle");
      c.putObject("center").put("lat", 34.5).put("lng", 38 + rnd.nextInt(20) * 0.01);
      c.putObject("radius").put("value", 500).put("units", "M");
      vol.putObject("altitude_lower").put("value", rnd.nextInt(3) * 400).put("units", "M");
      vol.putObject("altitude_upper").put("value", 1200).put("units", "M");
      Instant start = t.plusSeconds(rnd.nextInt(3 * 3600));
      v.putObject("time_start").put("value", start.toString());
      v.putObject("time_end").put("value", start.plusSeconds(3600).toString());
      es.add(e);
    }
    for (int i = 0; i < 30; i++) {
      String sender = PARTIES.get(rnd.nextInt(3));
      Instant t = DAY.plusSeconds(rnd.nextInt(86_400));
      ObjectNode post = entry("message.post", sender, t).put("channel_id", rnd.nextInt(4) == 0 ? "other" : "ch")
          .put("message_id", "m" + i).put("priority", rnd.nextInt(4) == 0 ? "urgent" : "safety-of-flight")
          .put("ack_deadline", t.plusSeconds(300).toString());
      var rs = post.putArray("recipients");
      for (String p : PARTIES) {
        if (!p.equals(sender) && rnd.nextBoolean()) {
          rs.add(p);
          if (rnd.nextInt(3) > 0) {
            ObjectNode ack = entry("message.ack", p, t.plusSeconds(1 + rnd.nextInt(900)));
            ack.putArray("messages").addObject().put("message_id", "m" + i).put("channel_id", "ch");
            es.add(ack);
          }
        }
      }
      es.add(post);
    }
    for (String p : PARTIES) {
      for (int i = 0; i < 6; i++) {
        // Some before the day begins: a party may start it Down.
        es.add(entry("availability.set", "hub", DAY.plusSeconds(rnd.nextInt(90_000) - 3_600)).put("uss", p)
            .put("availability", rnd.nextBoolean() ? "Down" : "Normal"));
      }
    }
    es.sort((x, y) -> x.get("time").asText().compareTo(y.get("time").asText()));
    List<Compliance.Row> rows = new ArrayList<>();
    for (int i = 0; i < es.size(); i++) {
      rows.add(new Compliance.Row(i, es.get(i)));
    }
    return rows;
  }

  static ObjectNode entry(String type, String party, Instant t) {
    return Json.MAPPER.createObjectNode().put("type", type).put("party", party).put("time", t.toString());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void figures_equal_a_brute_force_recomputation(long seed) {
    List<Compliance.Row> rows = day(new Random(seed));
    Instant from = DAY.plusSeconds(3_600);
    Instant to = DAY.plusSeconds(82_800);
    Agreement a = agreement();
    JsonNode report = Compliance.report("ag", a, rows, from, to);
    for (JsonNode n : report.get("parties")) {
      String p = n.get("party").asText();
      // Declarations and their lead times.
      List<Long> leads = new ArrayList<>();
      int under = 0;
      for (Compliance.Row r : rows) {
        if (r.type().equals("notice.create") && r.entry().get("party").asText().equals(p) && in(r, from, to)) {
          long lead = Instant.parse(r.entry().at("/extents/0/time_start/value").asText()).getEpochSecond()
              - r.time().getEpochSecond();
          leads.add(lead);
          under += lead < a.notice().forParty(p).toSeconds() ? 1 : 0;
        }
      }
      assertThat(n.at("/declarations/count").asInt()).as(p).isEqualTo(leads.size());
      assertThat(n.at("/declarations/entries")).hasSize(leads.size());
      assertThat(n.at("/declarations/under_minimum").asInt()).as(p).isEqualTo(under);
      assertThat(longOrNull(n.at("/declarations/lead_time_seconds/median"))).isEqualTo(byDefinition(leads, 50));
      assertThat(longOrNull(n.at("/declarations/lead_time_seconds/p5"))).isEqualTo(byDefinition(leads, 5));
      List<Long> listed = new ArrayList<>();
      n.at("/declarations/lead_times").forEach(x -> listed.add(x.get("seconds").asLong()));
      assertThat(listed).as(p).isEqualTo(leads);

      // Warnings received and their acknowledgements.
      int onTime = 0;
      int late = 0;
      int never = 0;
      List<Long> ackMs = new ArrayList<>();
      for (Compliance.Row w : rows) {
        if (!w.type().equals("message.post") || !in(w, from, to) || !w.entry().get("channel_id").asText().equals("ch")
            || !w.entry().get("priority").asText().equals("safety-of-flight")
            || !w.entry().get("recipients").toString().contains("\"" + p + "\"")) {
          continue;
        }
        Instant first = null;
        for (Compliance.Row k : rows) {
          if (k.type().equals("message.ack") && k.entry().get("party").asText().equals(p) && k.time().isBefore(to)
              && k.entry().at("/messages/0/message_id").asText().equals(w.entry().get("message_id").asText())
              && (first == null || k.time().isBefore(first))) {
            first = k.time();
          }
        }
        if (first == null) {
          never++;
        } else {
          ackMs.add(Duration.between(w.time(), first).toMillis());
          if (first.isAfter(Instant.parse(w.entry().get("ack_deadline").asText()))) {
            late++;
          } else {
            onTime++;
          }
        }
      }
      assertThat(n.at("/warnings_received/acknowledged_on_time").asInt()).as(p).isEqualTo(onTime);
      assertThat(n.at("/warnings_received/acknowledged_late").asInt()).as(p).isEqualTo(late);
      assertThat(n.at("/warnings_received/never_acknowledged").asInt()).as(p).isEqualTo(never);
      assertThat(longOrNull(n.at("/warnings_received/time_to_acknowledge_ms/median"))).isEqualTo(byDefinition(ackMs, 50));
      assertThat(longOrNull(n.at("/warnings_received/time_to_acknowledge_ms/p95"))).isEqualTo(byDefinition(ackMs, 95));
      List<Long> listedMs = new ArrayList<>();
      int listedNever = 0;
      for (JsonNode x : n.at("/warnings_received/acknowledgements")) {
        if (x.get("ms").isNull()) {
          listedNever++;
        } else {
          listedMs.add(x.get("ms").asLong());
        }
      }
      assertThat(listedMs).as(p).isEqualTo(ackMs);
      assertThat(listedNever).as(p).isEqualTo(never);

      // Unreachable: sample every second of the period.
      long downSeconds = 0;
      List<Compliance.Row> availability = rows.stream()
          .filter(r -> r.type().equals("availability.set") && r.entry().get("uss").asText().equals(p)).toList();
      long[] at = availability.stream().mapToLong(r -> r.time().getEpochSecond()).toArray();
      boolean[] down = new boolean[at.length];
      for (int i = 0; i < at.length; i++) {
        down[i] = availability.get(i).entry().get("availability").asText().equals("Down");
      }
      for (long t = from.getEpochSecond(); t < to.getEpochSecond(); t++) {
        boolean last = false;
        for (int i = 0; i < at.length; i++) {
          if (at[i] <= t) {
            last = down[i];
          }
        }
        downSeconds += last ? 1 : 0;
      }
      assertThat(n.at("/unreachable/hours").asDouble()).as(p).isCloseTo(downSeconds / 3600.0,
          org.assertj.core.data.Offset.offset(1e-9));

      // Separation breaches: every pair, later one this party's, earlier another party's of the agreement.
      int breaches = 0;
      for (Compliance.Row x : rows) {
        for (Compliance.Row y : rows) {
          if (x.type().equals("notice.create") && y.type().equals("notice.create") && y.index() < x.index()
              && in(x, from, to) && in(y, from, to) && x.entry().get("party").asText().equals(p)
              && !y.entry().get("party").asText().equals(p) && PARTIES.contains(y.entry().get("party").asText())
              && near(x.entry(), y.entry(), a)) {
            breaches++;
          }
        }
      }
      assertThat(n.at("/separation_breaches/count").asInt()).as(p).isEqualTo(breaches);
    }
  }

  static boolean in(Compliance.Row r, Instant from, Instant to) {
    return !r.time().isBefore(from) && r.time().isBefore(to);
  }

  /** Both circles 500 m; within the buffers if centres are close, bands close and windows overlap. */
  static boolean near(JsonNode x, JsonNode y, Agreement a) {
    Instant xs = Instant.parse(x.at("/extents/0/time_start/value").asText());
    Instant ys = Instant.parse(y.at("/extents/0/time_start/value").asText());
    boolean time = xs.isBefore(ys.plusSeconds(3600)) && ys.isBefore(xs.plusSeconds(3600));
    double gapV = Math.max(0, Math.max(x.at("/extents/0/volume/altitude_lower/value").asDouble() - 1200,
        y.at("/extents/0/volume/altitude_lower/value").asDouble() - 1200));
    double d = Strictest.metres(34.5, x.at("/extents/0/volume/outline_circle/center/lng").asDouble(), 34.5,
        y.at("/extents/0/volume/outline_circle/center/lng").asDouble()) - 1000;
    return time && gapV <= a.separation().verticalM() && Math.max(0, d) <= a.separation().horizontalM();
  }

  /** The least value v such that at least ⌈p·n/100⌉ values are at most v. */
  static Long byDefinition(List<Long> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    long need = Math.max(1, (long) Math.ceil(p * values.size() / 100.0));
    Long best = null;
    for (long v : values) {
      long atMost = values.stream().filter(w -> w <= v).count();
      if (atMost >= need && (best == null || v < best)) {
        best = v;
      }
    }
    return best;
  }

  static Long longOrNull(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? null : n.asLong();
  }
}
