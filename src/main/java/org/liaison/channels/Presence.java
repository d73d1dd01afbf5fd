package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.liaison.deconfliction.Airspace;
import org.liaison.deconfliction.Models.Availability;
import org.liaison.deconfliction.Models.PartyAvailability;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.json.FieldErrors;
import org.liaison.json.ObjectView;
import org.liaison.proof.Merkle;

/**
 * The party directory and who is there: heartbeats, the ASTM availability they drive, and the
 * unresponsive mark that escalation may set.
 *
 * <p>A party that has sent a heartbeat and then stays silent longer than its interval is declared
 * {@code Down} through {@link Airspace}, so the ASTM rule holds: a Down party's Accepted notices
 * no longer demand keys. Its next heartbeat makes it {@code Normal} again. An availability that an
 * arbitrator set through the ASTM API is left alone, and announced like any other change.
 */
final class Presence {
  static final long MIN_INTERVAL_SECONDS = 5;
  static final long MAX_INTERVAL_SECONDS = 3600;
  private static final Set<String> DIRECTORY_FIELDS =
      Set.of("display_name", "base_url", "public_key", "language", "languages", "heartbeat_interval_seconds");
  /** A BCP 47 language tag: a language and optional script, region or variant subtags. */
  private static final Pattern TAG =
      Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
  static final int MAX_LANGUAGES = 8;

  private final Core core;
  private final Airspace airspace;
  /** Orders the two commits of an availability change: Airspace's, then ours. */
  private final Object lock = new Object();
  /**
   * Per party, the silence its agreements in force allow (the shortest), which replaces its own
   * interval; parties bound by none are absent. Read once per sweep.
   */
  private volatile java.util.function.Supplier<java.util.Map<String, Duration>> agreedSilence = java.util.Map::of;

  Presence(Core core, Airspace airspace) {
    this.core = core;
    this.airspace = airspace;
  }

  void agreedSilence(java.util.function.Supplier<java.util.Map<String, Duration>> s) {
    agreedSilence = s;
  }

  /** The silence after which {@code p} is Down: what its agreements allow, else its own interval. */
  Duration allowedSilence(Party p) {
    return agreedSilence.get().getOrDefault(p.id(), p.heartbeatInterval());
  }

  /** A directory entry and the receipt of the change that produced it (null if none). */
  record Updated(Party party, Proof receipt) {}

  List<Party> parties() {
    return core.read(core.store::parties);
  }

  Party party(String id) {
    Party p = core.read(c -> core.store.party(c, id));
    if (p == null) {
      throw ApiException.notFound("party %s has no directory entry", Values.truncate(id));
    }
    return p;
  }

  Updated update(String caller, String party, JsonNode json) {
    requireSelf(caller, party, "update the directory entry of");
    ObjectView body = ObjectView.of(json).onlyKnown(DIRECTORY_FIELDS);
    return core.write(c -> {
      Instant now = core.now();
      core.store.ensureParty(c, party, core.phrasebook.languages().get(0), now);
      Party old = core.store.party(c, party);
      String name = has(body, "display_name") ? bounded(body.string("display_name", null), 255, "display_name")
          : old.displayName();
      String url = has(body, "base_url") ? url(body.string("base_url", null)) : old.baseUrl();
      String key = has(body, "public_key") ? publicKey(body.string("public_key", null)) : old.publicKey();
      if (has(body, "language") && has(body, "languages")) {
        throw ApiException.badRequest("give language or languages, not both");
      }
      String lang = has(body, "language") ? language(body.string("language"))
          : has(body, "languages") ? languages(body.node().get("languages")) : old.language();
      Long secs = body.integerOrNull("heartbeat_interval_seconds", MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS);
      Duration interval = secs == null ? old.heartbeatInterval() : Duration.ofSeconds(secs);
      Party next = new Party(party, name, url, key, lang, interval, old.lastHeartbeat(), old.silentSince(),
          old.announcedAvailability(), old.unresponsiveSince());
      core.store.updateDirectory(c, next, now);
      Proof receipt = core.record(c, "party.directory", caller, now, e -> e.put("subject", party)
          .put("display_name", name).put("base_url", url)
          .put("public_key_sha256", key == null ? null : Merkle.sha256Hex(key.getBytes(StandardCharsets.UTF_8)))
          .put("language", core.phrasebook.firstAvailable(next.languages()))
          .put("languages", lang).put("heartbeat_interval_seconds", interval.toSeconds()));
      ObjectNode payload = Views.JSON.objectNode().put("party", party).put("change", "directory");
      payload.set("receipt", Views.proof(receipt));
      core.event(c, "party", null, null, now, payload, List.of(EventLog.EVERYONE));
      return new Updated(next, receipt);
    });
  }

  /**
   * Records a heartbeat. Returns the entry and, when the heartbeat brought the party back from
   * silence (or announced it for the first time), the receipt of that availability change.
   */
  Updated heartbeat(String caller, String party, JsonNode body) {
    requireSelf(caller, party, "send heartbeats for");
    Long secs = null;
    if (body != null && !body.isNull()) {
      secs = ObjectView.of(body).onlyKnown(Set.of("interval_seconds"))
          .integerOrNull("interval_seconds", MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS);
    }
    Long given = secs;
    synchronized (lock) {
      Instant now = core.now();
      Party before = core.write(c -> {
        core.store.ensureParty(c, party, core.phrasebook.languages().get(0), now);
        return core.store.party(c, party);
      });
      Availability current = airspace.availability(party).availability();
      boolean back = before.silentSince() != null || current == Availability.Unknown;
      Proof receipt = null;
      if (back) {
        Airspace.Recorded<PartyAvailability> r = airspace.observeAvailability(core.hubParty(), party,
            Availability.Normal, "heartbeat received");
        receipt = r == null ? null : core.receipts.remember(r.receipt());
      }
      Proof announced = receipt;
      Duration interval = given == null ? before.heartbeatInterval() : Duration.ofSeconds(given);
      Party after = core.write(c -> {
        core.store.heartbeat(c, party, now, interval);
        announce(c, party, airspace.availability(party).availability(), "heartbeat received", announced, now);
        return core.store.party(c, party);
      });
      return new Updated(after, receipt);
    }
  }

  /** Declares Down every party silent past its interval, and announces availability changes. */
  void sweep(Instant now) {
    synchronized (lock) {
      java.util.Map<String, Duration> agreed = agreedSilence.get();
      List<String> overdue = agreed.isEmpty() ? core.read(c -> core.store.overdueHeartbeats(c, now))
          : core.read(core.store::parties).stream().filter(p -> p.lastHeartbeat() != null && p.silentSince() == null
              && p.lastHeartbeat().plus(agreed.getOrDefault(p.id(), p.heartbeatInterval())).isBefore(now))
              .map(Party::id).sorted().toList();
      for (String party : overdue) {
        Party p = core.read(c -> core.store.party(c, party));
        Duration allowed = agreed.get(party);
        String reason = "no heartbeat since " + p.lastHeartbeat() + (allowed == null
            ? " (interval " + p.heartbeatInterval().toSeconds() + " s)"
            : " (unreachable after " + allowed.toSeconds() + " s under its agreements)");
        Airspace.Recorded<PartyAvailability> r =
            airspace.observeAvailability(core.hubParty(), party, Availability.Down, reason);
        core.write(c -> {
          core.store.setSilent(c, party, now);
          announce(c, party, airspace.availability(party).availability(), reason,
              r == null ? null : core.receipts.remember(r.receipt()), now);
          return null;
        });
      }
      // Changes made through the ASTM API, or ours if the process died between the two commits.
      for (Party p : core.read(core.store::parties)) {
        Availability a = airspace.availability(p.id()).availability();
        if (!a.name().equals(p.announcedAvailability())) {
          core.write(c -> {
            announce(c, p.id(), a, "set through the ASTM availability API", null, now);
            return null;
          });
        }
      }
    }
  }

  /** Announces {@code party}'s availability to everyone, once per change. */
  private void announce(Connection c, String party, Availability a, String reason, Proof receipt, Instant now)
      throws SQLException {
    Party p = core.store.party(c, party);
    if (p != null && a.name().equals(p.announcedAvailability())) {
      return;
    }
    core.store.setAnnouncedAvailability(c, party, a.name());
    ObjectNode payload = Views.JSON.objectNode().put("party", party).put("availability", a.name())
        .put("previous", p == null ? null : p.announcedAvailability()).put("reason", reason);
    payload.set("receipt", Views.proof(receipt));
    core.event(c, "availability", null, null, now, payload, List.of(EventLog.EVERYONE));
  }

  /** Marks {@code party} unresponsive after it missed an acknowledgement deadline of {@code cause}. */
  void markUnresponsive(Connection c, String party, Instant now, Message cause) throws SQLException {
    core.store.ensureParty(c, party, core.phrasebook.languages().get(0), now);
    Party p = core.store.party(c, party);
    if (p.unresponsiveSince() != null) {
      return;
    }
    core.store.setUnresponsive(c, party, now);
    Proof receipt = core.record(c, "party.unresponsive", core.hubParty(), now, e -> e.put("subject", party)
        .put("channel_id", cause.channelId()).put("message_id", cause.id()).put("seq", cause.seq()));
    ObjectNode payload = Views.JSON.objectNode().put("party", party).put("change", "unresponsive")
        .put("unresponsive", true).put("message_id", cause.id()).put("channel_id", cause.channelId());
    payload.set("receipt", Views.proof(receipt));
    core.event(c, "party", null, null, now, payload, List.of(EventLog.EVERYONE));
  }

  /** Clears the unresponsive mark once the party has acknowledged every overdue message. */
  void responsiveIfClear(Connection c, String party, Instant now) throws SQLException {
    Party p = core.store.party(c, party);
    if (p == null || p.unresponsiveSince() == null || core.store.hasOverdue(c, party)) {
      return;
    }
    core.store.setUnresponsive(c, party, null);
    Proof receipt = core.record(c, "party.responsive", core.hubParty(), now, e -> e.put("subject", party));
    ObjectNode payload = Views.JSON.objectNode().put("party", party).put("change", "responsive")
        .put("unresponsive", false);
    payload.set("receipt", Views.proof(receipt));
    core.event(c, "party", null, null, now, payload, List.of(EventLog.EVERYONE));
  }

  private static void requireSelf(String caller, String party, String what) {
    if (!caller.equals(party)) {
      throw ApiException.forbidden("you are %s; you may not %s %s", caller, what, Values.truncate(party));
    }
  }

  /** Present, even as null: a null display name, URL or key clears it. */
  private static boolean has(ObjectView body, String field) {
    return body.node().has(field);
  }

  private static String bounded(String s, int max, String path) {
    if (s != null && s.length() > max) {
      throw ApiException.badRequest("%s has %d characters; at most %d are accepted", path, s.length(), max);
    }
    return s;
  }

  private static String url(String s) {
    if (s == null) {
      return null;
    }
    bounded(s, 2048, "base_url");
    try {
      URI u = new URI(s);
      if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) {
        return s;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw ApiException.badRequest("base_url \"%s\" is not an http(s) URL with a host", Values.truncate(s));
  }

  private static String publicKey(String s) {
    if (s == null) {
      return null;
    }
    bounded(s, 16 * 1024, "public_key");
    if (!s.startsWith("-----BEGIN ") && !s.startsWith("{")) {
      throw ApiException.badRequest("public_key must be a PEM block or a JWK JSON object, got \"%s\"", Values.truncate(s));
    }
    return s;
  }

  /**
   * A party's reading languages, in order; well-formed tags, no repeats, and at least one the
   * phrasebook has, so that messages never silently fall back for a typo. Stored comma separated.
   */
  private String languages(JsonNode v) {
    if (!v.isArray() || v.isEmpty() || v.size() > MAX_LANGUAGES) {
      throw ApiException.badRequest("languages must be an array of 1 to %d language tags, most preferred first, got %s",
          MAX_LANGUAGES, FieldErrors.describe(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode t = v.get(i);
      if (!t.isTextual() || !TAG.matcher(t.textValue()).matches()) {
        throw ApiException.badRequest("languages[%d] must be a language tag such as \"ar\" or \"zh-Hans\", got %s",
            i, FieldErrors.describe(t));
      }
      if (out.contains(t.textValue())) {
        throw ApiException.badRequest("languages[%d] \"%s\" is listed twice", i, t.textValue());
      }
      out.add(t.textValue());
    }
    if (out.stream().allMatch(l -> core.phrasebook.match(l) == null)) {
      throw ApiException.badRequest("languages %s has none of the phrasebook's languages (%s)",
          String.join(", ", out), String.join(", ", core.phrasebook.languages()));
    }
    return String.join(",", out);
  }

  private String language(String s) {
    if (!core.phrasebook.languages().contains(s)) {
      throw ApiException.badRequest("language \"%s\" is not one of %s", Values.truncate(s),
          String.join(", ", core.phrasebook.languages()));
    }
    return s;
  }
}
