package org.liaison.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.liaison.proof.LogEntry;

/**
 * Each party's compliance with the day's agreements as the hub's compliance API reports it, for
 * the summary and the report, and checked against the ledger the inquiry downloaded: every entry a
 * figure cites is there with the leaf hash the report gives.
 */
final class ComplianceView {
  private ComplianceView() {}

  /** One summary line per agreement and party. */
  static Map<String, String> summary(List<ChannelsPlay.Agreed> agreed, List<JsonNode> reports) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < agreed.size(); i++) {
      for (JsonNode p : reports.get(i).path("parties")) {
        out.put(agreed.get(i).channel() + ": " + p.path("party").asText(), line(p));
      }
    }
    return out;
  }

  static String line(JsonNode p) {
    JsonNode d = p.path("declarations");
    JsonNode w = p.path("warnings_received");
    return String.format(java.util.Locale.ROOT,
        "%d declared (lead median %s, p5 %s, %d under %d min); warnings sent %d, received %d (%d on time, %d late, "
            + "%d never; ack median %s); %.1f h unreachable; %d separation breaches",
        d.path("count").asInt(), minutes(d.at("/lead_time_seconds/median"), 1), minutes(d.at("/lead_time_seconds/p5"), 1),
        d.path("under_minimum").asInt(), d.path("minimum_notice_minutes").asInt(), p.at("/warnings_sent/count").asInt(),
        w.path("count").asInt(), w.path("acknowledged_on_time").asInt(), w.path("acknowledged_late").asInt(),
        w.path("never_acknowledged").asInt(), minutes(w.at("/time_to_acknowledge_ms/median"), 1000),
        p.at("/unreachable/hours").asDouble(), p.at("/separation_breaches/count").asInt());
  }

  /** A duration in whole minutes, from a number of {@code unit}-ths of a minute's seconds; "-" when there is none. */
  private static String minutes(JsonNode v, long perSecond) {
    return v == null || v.isNull() || v.isMissingNode() ? "-" : Math.round(v.asDouble() / perSecond / 60) + " min";
  }

  /**
   * The day's figures hold up: under the scripted channel's agreement the declarer's short-notice
   * declaration is counted under the minimum, the warned party's late acknowledgement is counted
   * late, and every cited entry is in the downloaded ledger with the leaf hash the report names.
   */
  static Demo.Check check(List<ChannelsPlay.Agreed> agreed, List<JsonNode> reports, List<LogEntry> log,
      UUID disputed, Scenario.EventSpec e) {
    int cited = 0;
    List<String> wrong = new ArrayList<>();
    for (JsonNode r : reports) {
      for (var it = r.path("leaf_hashes").properties().iterator(); it.hasNext();) {
        var h = it.next();
        int index = Integer.parseInt(h.getKey());
        cited++;
        if (index >= log.size() || !Arrays.equals(log.get(index).leafHash(), Base64.getDecoder().decode(h.getValue().asText()))) {
          wrong.add("#" + index);
        }
      }
    }
    Long declaration = null;
    for (LogEntry x : log) {
      String json = new String(x.entry(), StandardCharsets.UTF_8);
      if (disputed != null && json.contains("\"notice.create\"") && json.contains(disputed.toString())) {
        declaration = x.index();
      }
    }
    boolean under = false;
    boolean late = false;
    for (int i = 0; i < agreed.size(); i++) {
      if (e == null || !agreed.get(i).channel().equals(e.channel())) {
        continue;
      }
      for (JsonNode p : reports.get(i).path("parties")) {
        if (p.path("party").asText().equals(e.party())) {
          for (JsonNode x : p.at("/declarations/under_minimum_entries")) {
            under |= declaration != null && x.asLong() == declaration;
          }
        } else if (p.path("party").asText().equals(e.warn())) {
          late = p.at("/warnings_received/acknowledged_late").asInt() > 0;
        }
      }
    }
    return new Demo.Check("compliance measured from the ledger", under && late && wrong.isEmpty() && cited > 0,
        String.format("short-notice declaration %s counted under the agreed minimum: %s; late acknowledgement counted: %s; "
            + "%d cited entries match the ledger's leaf hashes%s", declaration == null ? "not found" : "#" + declaration,
            under, late, cited - wrong.size(), wrong.isEmpty() ? "" : ", " + wrong.size() + " do not: " + wrong));
  }
}
