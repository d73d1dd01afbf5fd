package org.liaison.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.liaison.proof.LogEntry;
import org.liaison.channels.Channels;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Volume4D;
import org.liaison.http.Json;
import org.liaison.ledger.Ledger;
import org.liaison.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short-notice rule. It follows the ledger: for each new operation notice ({@code
 * notice.create}) it finds every other party whose operation or restriction comes within the
 * agreed buffers of it, and for each such party whose agreements with the declarer require more
 * notice than was given, posts the {@code short-notice-operation} phrase on the agreed channel in
 * the declarer's name, at safety-of-flight priority with the agreed deadline. The declaration
 * itself was accepted already (safety first); the rule never holds up the write.
 *
 * <p>Exactly once: the post's client message id is derived from the notice and the channel, so a
 * second look (after a restart, or by another instance) replays the same message instead of
 * sending another. Missed deadlines escalate as the channel's policy says ({@code Channels.sweep}).
 */
public final class ShortNotice {
  private static final Logger log = LoggerFactory.getLogger(ShortNotice.class);
  static final String PHRASE = "short-notice-operation";
  private static final int BATCH = 500;

  /** Another party's declared volumes: an operation's or a restriction's. */
  public record Declared(String party, List<Volume4D> volumes) {}

  private final Database db;
  private final Ledger ledger;
  private final Agreements agreements;
  private final Channels channels;
  private final Supplier<List<Declared>> others;

  /** @param others every current operation and restriction, of every party */
  public ShortNotice(Database db, Ledger ledger, Agreements agreements, Channels channels,
      Supplier<List<Declared>> others) {
    this.db = db;
    this.ledger = ledger;
    this.agreements = agreements;
    this.channels = channels;
    this.others = others;
  }

  /** One warning the rule posted (or replayed). */
  public record Warning(String notice, String channel, String messageId, List<String> to, Duration lead,
      Duration minimum) {}

  /**
   * Reads the sequenced ledger entries not read yet and warns for each short-notice declaration.
   * Returns the warnings posted.
   */
  public synchronized List<Warning> scan() {
    List<Warning> out = new ArrayList<>();
    long next = cursor();
    long size = ledger.size();
    List<Strictest.InForce> inForce = null;
    while (next < size) {
      long end = Math.min(size, next + BATCH);
      for (LogEntry e : ledger.entries(next, end)) {
        JsonNode entry;
        try {
          entry = Json.MAPPER.readTree(e.entry());
        } catch (IOException ex) {
          throw new IllegalStateException("ledger entry " + e.index() + " is not JSON", ex);
        }
        if (!"notice.create".equals(entry.path("type").asText())) {
          continue;
        }
        if (inForce == null) {
          inForce = agreements.inForce();
        }
        if (inForce.isEmpty()) {
          continue;
        }
        String notice = entry.path("id").asText();
        if (assessed(notice)) {
          continue;
        }
        try {
          out.addAll(declared(entry, inForce));
          markAssessed(notice);
        } catch (RuntimeException ex) {
          // One bad declaration must not stop the rule for all that follow.
          log.warn("short-notice rule: cannot warn for notice {}: {}", entry.path("id").asText(), ex.getMessage());
        }
      }
      next = end;
      save(next);
    }
    return out;
  }

  private List<Warning> declared(JsonNode entry, List<Strictest.InForce> inForce) {
    String declarer = entry.get("party").asText();
    String notice = entry.get("id").asText();
    Instant time = Instant.parse(entry.get("time").asText());
    List<Volume4D> volumes = Volumes.ofEntry(entry);
    if (volumes.isEmpty()) {
      return List.of();
    }
    Duration lead = Duration.between(time, Volumes.start(volumes));
    double[] cap = Volumes.cap(volumes.get(0).outline());
    // Affected parties, grouped by the channel their rules with the declarer name.
    Map<String, List<String>> byChannel = new LinkedHashMap<>();
    Map<String, Strictest.Rules> rulesByChannel = new LinkedHashMap<>();
    Map<String, Duration> minimumByChannel = new LinkedHashMap<>();
    for (Declared d : others.get()) {
      if (d.party().equals(declarer) || byChannel.values().stream().anyMatch(l -> l.contains(d.party()))) {
        continue;
      }
      Optional<Strictest.Rules> rules = Strictest.between(inForce, declarer, d.party());
      if (rules.isEmpty()) {
        continue;
      }
      Strictest.Rules r = rules.get();
      Duration minimum = r.noticeFor(declarer, cap[0], cap[1], cap[2]);
      if (lead.compareTo(minimum) >= 0 || !Volumes.within(volumes, d.volumes(), r.horizontalM(), r.verticalM())) {
        continue;
      }
      byChannel.computeIfAbsent(r.channel(), k -> new ArrayList<>()).add(d.party());
      rulesByChannel.merge(r.channel(), r, (x, y) -> x.ack().get("safety-of-flight")
          .compareTo(y.ack().get("safety-of-flight")) <= 0 ? x : y);
      minimumByChannel.merge(r.channel(), minimum, (x, y) -> x.compareTo(y) >= 0 ? x : y);
    }
    List<Warning> out = new ArrayList<>();
    for (var e : byChannel.entrySet()) {
      String channel = e.getKey();
      List<String> to = e.getValue().stream().sorted().toList();
      Strictest.Rules r = rulesByChannel.get(channel);
      Duration minimum = minimumByChannel.get(channel);
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("client_message_id", "short-notice:" + notice + ":" + channel);
      body.put("priority", "safety-of-flight");
      body.put("ack_within_seconds", r.ack().get("safety-of-flight").toSeconds());
      body.putArray("notices").add(notice);
      var t = body.putArray("to");
      to.forEach(t::add);
      ObjectNode params = body.putObject("phrase").put("type", PHRASE).putObject("params");
      params.put("notice", notice);
      params.set("area", Volumes.area(volumes.get(0).outline()));
      AltitudeBand band = volumes.stream().map(Volume4D::altitude).reduce(AltitudeBand::union).orElseThrow();
      params.set("lower", altitude(band.lower()));
      params.set("upper", altitude(band.upper()));
      params.put("from", Volumes.start(volumes).toString());
      params.put("until", Volumes.end(volumes).toString());
      params.put("minutes", Long.toString(minimum.toMinutes()));
      String id = channels.postAs(declarer, channel, body);
      out.add(new Warning(notice, channel, id, to, lead, minimum));
    }
    return out;
  }

  private static ObjectNode altitude(double metres) {
    double v = Math.max(-2000, Math.min(100_000, metres));
    return Json.MAPPER.createObjectNode().put("value", v).put("units", "M").put("reference", "W84");
  }

  private boolean assessed(String notice) {
    return db.inTransaction(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM agreement_assessed WHERE notice_id = ?")) {
        st.setString(1, notice);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  private void markAssessed(String notice) {
    db.inTransaction(c -> {
      try (PreparedStatement probe = c.prepareStatement("SELECT 1 FROM agreement_assessed WHERE notice_id = ?")) {
        probe.setString(1, notice);
        try (ResultSet rs = probe.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      try (PreparedStatement st = c.prepareStatement(
          "INSERT INTO agreement_assessed (notice_id, assessed_ms) VALUES (?, ?)")) {
        st.setString(1, notice);
        st.setLong(2, ledger.now().toEpochMilli());
        st.executeUpdate();
      }
      return null;
    });
  }

  /** Reads the whole ledger again on the next scan, as an instance that lost its cursor would. */
  synchronized void rewind() {
    db.inTransaction(c -> {
      try (PreparedStatement st = c.prepareStatement("DELETE FROM agreement_cursor WHERE name = 'short-notice'")) {
        return st.executeUpdate();
      }
    });
  }

  private long cursor() {
    return db.inTransaction(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT next_index FROM agreement_cursor WHERE name = 'short-notice'");
          ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  private void save(long next) {
    db.inTransaction(c -> {
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE agreement_cursor SET next_index = ? WHERE name = 'short-notice' AND next_index < ?")) {
        up.setLong(1, next);
        up.setLong(2, next);
        if (up.executeUpdate() == 0) {
          try (PreparedStatement probe = c.prepareStatement("SELECT 1 FROM agreement_cursor WHERE name = 'short-notice'");
              ResultSet rs = probe.executeQuery()) {
            if (!rs.next()) {
              try (PreparedStatement ins = c.prepareStatement(
                  "INSERT INTO agreement_cursor (name, next_index) VALUES ('short-notice', ?)")) {
                ins.setLong(1, next);
                ins.executeUpdate();
              }
            }
          }
        }
      }
      return null;
    });
  }
}
