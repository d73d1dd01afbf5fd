package org.liaison.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.liaison.client.ChannelsClient;
import org.liaison.client.NodeClient;
import org.liaison.keys.PartyKeys;
import org.liaison.client.TokenProvider;
import org.liaison.hub.Hub;

/** The day's traffic on the standing channels: directory, heartbeats, the warning and its ack. */
final class ChannelsPlay implements AutoCloseable {
  /** An agreement in force for the day, and the party that proposed it. */
  record Agreed(String title, String id, String proposer, String channel) {}

  /** The warning whose delivery the inquiry proves. */
  record Warning(String channelId, String messageId) {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> SCOPES = List.of("liaison.channels.read", "liaison.channels.write");
  /** The phrase the hub's short-notice rule posts. */
  private static final String RULE_PHRASE = "short-notice-operation";
  /** Minutes of notice the group memorandum asks; the day's operations are planned an hour or more ahead. */
  static final int GROUP_NOTICE_MINUTES = 15;
  /** Minutes of notice the bilateral memorandum (the hotline) asks. */
  static final int BILATERAL_NOTICE_MINUTES = 20;

  private final Scenario scenario;
  private final SimClock clock;
  private final Map<String, ChannelsClient> clients = new LinkedHashMap<>();
  /** Each party's own node: on an end-to-end encrypted channel it seals, opens and signs for the party. */
  private final Map<String, NodeClient> nodes;
  /** Messages the parties posted on an end-to-end encrypted channel, by their nodes: channel, id. */
  private final List<Warning> sealedPosts = new ArrayList<>();
  private final Map<String, String> channelIds = new HashMap<>();
  private final Map<String, Instant> silentUntil = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "liaison-demo-channels");
    t.setDaemon(true);
    return t;
  });
  private final List<Future<?>> pending = new ArrayList<>();
  private int messages;
  private int acksOnTime;
  private int acksLate;
  private boolean sawDown;
  private boolean sawBack;
  private Warning warning;
  private JsonNode ruleWarning;
  private JsonNode warningFinal;
  private final List<Agreed> agreements = new ArrayList<>();

  /** Each party speaks through its node's keys: every message, receipt, read and acknowledgement is signed. */
  ChannelsPlay(URI hub, Hub h, Scenario s, SimClock clock, Map<String, PartyKeys> keys, Map<String, NodeClient> nodes) {
    this.scenario = s;
    this.nodes = nodes;
    this.clock = clock;
    // At 1200× real time, a request's milliseconds are simulated minutes.
    h.statementSkew(Duration.ofHours(2));
    for (Scenario.PartySpec p : s.parties()) {
      clients.put(p.id(), new ChannelsClient(hub, TokenProvider.signing(h.devAuthority(), p.id(), SCOPES, clock))
          .signingWith(keys.get(p.id()), clock));
    }
  }

  void setUp(PrintStream out) {
    for (Scenario.PartySpec p : scenario.parties()) {
      // The node publishes its keys too; whichever comes first, the other finds them current.
      require(clients.get(p.id()).ensurePublished(), "keys of " + p.id());
    }
    for (Scenario.PartySpec p : scenario.parties()) {
      ObjectNode d = JSON.objectNode().put("display_name", p.name()).put("heartbeat_interval_seconds", 1800);
      p.languages().forEach(d.putArray("languages")::add);
      require(clients.get(p.id()).updateParty(p.id(), d), "directory entry of " + p.id());
      require(clients.get(p.id()).heartbeat(p.id()), "first heartbeat of " + p.id());
    }
    for (Scenario.ChannelSpec c : scenario.channels()) {
      ObjectNode body = JSON.objectNode().put("name", c.name()).put("kind", c.kind());
      c.members().forEach(body.withArray("members")::add);
      if (c.escalation() != null) {
        body.put("escalation", c.escalation());
      }
      // The bilateral hotline is end-to-end encrypted: its parties speak on it through their nodes,
      // which seal, so the hub holds only ciphertext of what they say there.
      boolean e2e = encrypted(c);
      body.put("encryption", e2e ? "e2e" : "none");
      ChannelsClient.Answer a = require(clients.get(c.members().get(0)).createChannel(body), "channel " + c.name());
      String id = a.body().get("id").asText();
      channelIds.put(c.name(), id);
      // Every party here has keys, so a plain channel carries text only once each member consents, signed.
      for (String m : e2e ? List.<String>of() : c.members()) {
        require(clients.get(m).consentPlain(id), m + "'s consent to plain text on " + c.name());
      }
    }
    out.printf("  channels: %s%n", String.join(", ", scenario.channels().stream()
        .map(c -> c.name() + " (" + c.kind() + ", " + c.members().size() + " members"
            + (encrypted(c) ? ", end-to-end encrypted" : "") + ")").toList()));
  }

  private static boolean encrypted(Scenario.ChannelSpec c) {
    return "bilateral".equals(c.kind());
  }

  private static NodeClient.Answer require(NodeClient.Answer a, String what) {
    if (!a.ok()) {
      throw new IllegalStateException(what + " refused by the node with " + a.status() + ": "
          + a.body().path("message").asText());
    }
    return a;
  }

  private static ChannelsClient.Answer require(ChannelsClient.Answer a, String what) {
    if (!a.ok()) {
      throw new IllegalStateException(what + " refused with " + a.status() + ": " + a.body().path("message").asText());
    }
    return a;
  }

  /** Every party that is not silent sends its heartbeat. */
  void heartbeats(Instant now) {
    for (Map.Entry<String, ChannelsClient> e : clients.entrySet()) {
      Instant until = silentUntil.get(e.getKey());
      if (until == null || !now.isBefore(until)) {
        e.getValue().heartbeat(e.getKey());
      }
    }
  }

  /** The party stops its heartbeats; the hub marks it Down, and Normal again when it returns. */
  void goSilent(String party, Duration d, Progress progress) {
    Instant back = clock.instant().plus(d);
    silentUntil.put(party, back);
    progress.event(clock.instant(), party + " goes silent (no heartbeats for " + d.toMinutes() + " min)");
    pending.add(background.submit(() -> {
      ChannelsClient watcher = clients.get(scenario.parties().get(0).id());
      while (clock.instant().isBefore(back)) {
        if (!sawDown && "Down".equals(watcher.party(party).body().path("availability").asText())) {
          sawDown = true;
          progress.event(clock.instant(), party + " is Down: its Accepted notices no longer demand keys");
        }
        sleepSim(Duration.ofMinutes(5));
      }
      clients.get(party).heartbeat(party);
      if ("Normal".equals(watcher.party(party).body().path("availability").asText())) {
        sawBack = true;
        progress.event(clock.instant(), party + " is back: heartbeat received, availability Normal");
      }
      return null;
    }));
  }

  /** An urgent notice to a group, acknowledged in time by every other member. */
  void announce(String sender, String channel, String text, Progress progress) {
    String ch = channelIds.get(channel);
    ObjectNode msg = JSON.objectNode().put("client_message_id", "announce-" + UUID.nameUUIDFromBytes(text.getBytes(
        java.nio.charset.StandardCharsets.UTF_8))).put("text", text).put("priority", "urgent").put("ack_within_seconds", 1800);
    ChannelsClient.Answer a = require(clients.get(sender).post(ch, msg), "announcement on " + channel);
    messages++;
    String id = a.body().get("id").asText();
    List<String> members = scenario.channels().stream().filter(c -> c.name().equals(channel)).findFirst()
        .map(Scenario.ChannelSpec::members).orElse(List.of());
    for (String m : members) {
      if (m.equals(sender)) {
        continue;
      }
      ChannelsClient c = clients.get(m);
      pending.add(background.submit(() -> {
        sleepSim(Duration.ofMinutes(3 + Math.abs(m.hashCode() % 10)));
        c.delivered(c.message(ch, id).body());
        c.read(ch, id);
        JsonNode d = delivery(c.ack(ch, id, null).body(), m);
        synchronized (this) {
          if (d != null && d.path("late").asBoolean()) {
            acksLate++;
          } else {
            acksOnTime++;
          }
        }
        return null;
      }));
    }
  }

  /**
   * The day's agreements, proposed by one party and accepted by the others through the API before
   * the day starts: a memorandum among all parties on the channel they all share, and one per
   * bilateral channel (the hotline), stricter than the group's. The short-notice rule applies them.
   */
  void agree(PrintStream out) {
    List<String> all = scenario.parties().stream().map(Scenario.PartySpec::id).toList();
    List<String> shown = new ArrayList<>();
    for (Scenario.ChannelSpec c : scenario.channels()) {
      boolean group = c.kind().equals("group") && c.members().containsAll(all);
      if (!group && !c.kind().equals("bilateral")) {
        continue;
      }
      ObjectNode doc = agreement(c, group);
      String proposer = c.members().get(0);
      // Every party here has keys, so each proposes and accepts with its own signed statement.
      ChannelsClient.Answer a = require(clients.get(proposer).call("POST", "/agreements",
          clients.get(proposer).agreementProposal(doc)), "agreement on " + c.name());
      String id = a.body().get("id").asText();
      String sha = ChannelsClient.agreementSha256(doc);
      for (String m : c.members()) {
        if (!m.equals(proposer)) {
          a = require(clients.get(m).call("POST", "/agreements/" + id + "/accept",
              clients.get(m).agreementAcceptance(id, 1, sha)), "acceptance of the agreement on " + c.name() + " by " + m);
        }
      }
      if (a.body().path("in_force_version").asInt() != 1) {
        throw new IllegalStateException("the agreement on " + c.name() + " is not in force after every acceptance");
      }
      agreements.add(new Agreed(doc.get("title").asText(), id, proposer, c.name()));
      shown.add(doc.get("title").asText() + " (" + c.members().size() + " parties, "
          + doc.at("/minimum_notice/default_minutes").asInt() + " min notice, in force)");
    }
    out.printf("  agreements: %s%n", String.join(", ", shown));
  }

  /**
   * The memorandum of a channel's members. The notice is short enough that the day's planned
   * operations (an hour or more ahead) keep it, so only the scripted short-notice declaration breaks it.
   */
  private ObjectNode agreement(Scenario.ChannelSpec c, boolean group) {
    ObjectNode doc = JSON.objectNode().put("title", (group ? "Memorandum of the " : "Memorandum on the ") + c.name());
    c.members().forEach(doc.putArray("parties")::add);
    doc.put("channel", channelIds.get(c.name()));
    doc.putObject("minimum_notice").put("default_minutes", group ? GROUP_NOTICE_MINUTES : BILATERAL_NOTICE_MINUTES);
    // The bilateral line keeps wider buffers than the group: 10 NM and 600 m against 3 NM and 1000 ft.
    doc.putObject("separation").put("horizontal_m", group ? 5556 : 18520).put("vertical_m", group ? 300 : 600);
    doc.putObject("acknowledgement").put("safety-of-flight", group ? 600 : 300).put("urgent", 1800).put("routine", 3600);
    doc.putObject("line").put("heartbeat_seconds", 1800).put("unreachable_after_seconds", 3600)
        .putObject("hours").put("from", "00:00").put("to", "24:00");
    java.util.Set<String> languages = new java.util.LinkedHashSet<>();
    scenario.parties().stream().filter(p -> c.members().contains(p.id())).forEach(p -> languages.add(p.languages().get(0)));
    languages.forEach(doc.putArray("languages")::add);
    return doc;
  }

  /** The day's agreements. */
  List<Agreed> agreements() {
    return agreements;
  }

  /** Each agreement's compliance over [{@code from}, {@code to}), as the API gives it to its proposer. */
  List<JsonNode> compliance(Instant from, Instant to) {
    List<JsonNode> out = new ArrayList<>();
    for (Agreed a : agreements) {
      out.add(require(clients.get(a.proposer()).call("GET", "/agreements/" + a.id() + "/compliance?from=" + from
          + "&to=" + to, null), "compliance of " + a.title()).body());
    }
    return out;
  }

  /**
   * Waits (in real time; the simulated clock stands still meanwhile) for the warning the hub's
   * short-notice rule posts by itself for {@code notice}, then plays its acknowledgement: late by
   * the scripted recipient on the scripted channel, in time by anyone else the rule warned.
   */
  void awaitRuleWarning(Scenario.EventSpec e, UUID notice, Progress progress) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String ch = channelIds.get(e.channel());
    JsonNode found = null;
    while (found == null && System.nanoTime() < giveUp) {
      found = ruleMessage(clients.get(e.warn()), ch, e.warn(), notice);
      if (found == null) {
        Thread.sleep(200);
      }
    }
    if (found == null) {
      progress.event(clock.instant(), "short-notice rule: no warning to " + e.warn() + " on the " + e.channel());
      return;
    }
    String id = found.get("id").asText();
    warning = new Warning(ch, id);
    ruleWarning = found;
    java.util.Set<String> posted = new java.util.HashSet<>(List.of(id));
    for (Scenario.ChannelSpec c : scenario.channels()) {
      for (String m : c.members()) {
        JsonNode other = m.equals(e.party()) || (c.name().equals(e.channel()) && m.equals(e.warn())) ? null
            : ruleMessage(clients.get(m), channelIds.get(c.name()), m, notice);
        if (other != null) {
          posted.add(other.get("id").asText());
          acknowledge(m, channelIds.get(c.name()), other.get("id").asText(), Duration.ofMinutes(3));
        }
      }
    }
    messages += posted.size();
    List<String> languages = new ArrayList<>();
    found.path("renderings").fieldNames().forEachRemaining(languages::add);
    progress.event(clock.instant(), String.format(
        "short-notice rule: the hub warns %s on the %s for %s (safety-of-flight, %d languages), deadline %s",
        e.warn(), e.channel(), e.party(), languages.size(), Demo.hhmm(Instant.parse(found.get("ack_deadline").asText()))));
    ChannelsClient recipient = clients.get(e.warn());
    NodeClient node = nodes.get(e.warn());
    String path = "/liaison/v1/channels/" + ch + "/messages/";
    pending.add(background.submit(() -> {
      sleepSim(Duration.ofMinutes(2));
      recipient.delivered(recipient.message(ch, id).body());
      sleepSim(Duration.ofMinutes(e.ackAfterMinutes() - 2));
      // The recipient's node reads and acknowledges, signing both with the party's key.
      require(node.call("POST", path + id + "/read", null), e.warn() + "'s read of the warning");
      NodeClient.Answer ack = require(node.call("POST", path + id + "/ack", null), e.warn() + "'s acknowledgement");
      // Its answer is a message of its own: its node seals it, so the hub holds only ciphertext.
      ObjectNode answer = JSON.objectNode().put("client_message_id", "answer-" + id)
          .put("text", "Received. Aircraft leaving the northern valley.").put("priority", "urgent")
          .put("ack_within_seconds", 1800);
      String answerId = require(node.call("POST", "/liaison/v1/channels/" + ch + "/messages", answer),
          e.warn() + "'s sealed answer").body().get("id").asText();
      synchronized (this) {
        sealedPosts.add(new Warning(ch, answerId));
        messages++;
      }
      acknowledgeByNode(e.party(), ch, answerId, Duration.ofMinutes(3));
      JsonNode d = delivery(ack.body(), e.warn());
      boolean late = d != null && d.path("late").asBoolean();
      synchronized (this) {
        if (late) {
          acksLate++;
        } else {
          acksOnTime++;
        }
      }
      progress.event(clock.instant(), String.format("%s acknowledges the warning %s", e.warn(),
          late ? "LATE, after its deadline" : "in time"));
      warningFinal = clients.get(e.party()).message(ch, id).body();
      return null;
    }));
  }

  /** The short-notice rule's message about {@code notice} addressed to {@code party} on channel {@code ch}, if any. */
  private static JsonNode ruleMessage(ChannelsClient c, String ch, String party, UUID notice) {
    long after = 0;
    while (true) {
      ChannelsClient.Answer page = c.call("GET", "/channels/" + ch + "/messages?limit=100&after=" + after, null);
      if (!page.ok() || page.body().path("messages").isEmpty()) {
        return null;
      }
      for (JsonNode m : page.body().path("messages")) {
        boolean addressed = false;
        for (JsonNode d : m.path("deliveries")) {
          addressed |= party.equals(d.path("party").asText());
        }
        if (addressed && RULE_PHRASE.equals(m.at("/phrase/type").asText())
            && notice.toString().equals(m.at("/phrase/params/notice").asText())) {
          return m;
        }
      }
      after = page.body().path("next_after").asLong();
    }
  }

  /** {@code party}'s node opens, reads and acknowledges a sealed message {@code after} it arrived, in time. */
  private void acknowledgeByNode(String party, String ch, String id, Duration after) {
    NodeClient node = nodes.get(party);
    String path = "/liaison/v1/channels/" + ch + "/messages/" + id;
    pending.add(background.submit(() -> {
      sleepSim(after);
      JsonNode opened = require(node.call("GET", path, null), party + "'s node opening " + id).body();
      if (!opened.path("decrypted").asBoolean()) {
        throw new IllegalStateException(party + "'s node did not open message " + id + ": "
            + opened.path("undecryptable").asText());
      }
      require(node.call("POST", path + "/read", null), party + "'s read of " + id);
      JsonNode d = delivery(require(node.call("POST", path + "/ack", null), party + "'s ack of " + id).body(), party);
      synchronized (this) {
        if (d != null && d.path("late").asBoolean()) {
          acksLate++;
        } else {
          acksOnTime++;
        }
      }
      return null;
    }));
  }

  /** {@code party} acknowledges a message {@code after} it arrived, in time. */
  private void acknowledge(String party, String ch, String id, Duration after) {
    ChannelsClient c = clients.get(party);
    pending.add(background.submit(() -> {
      sleepSim(after);
      c.delivered(c.message(ch, id).body());
      c.read(ch, id);
      JsonNode d = delivery(c.ack(ch, id, null).body(), party);
      synchronized (this) {
        if (d != null && d.path("late").asBoolean()) {
          acksLate++;
        } else {
          acksOnTime++;
        }
      }
      return null;
    }));
  }

  private static JsonNode delivery(JsonNode message, String party) {
    for (JsonNode d : message.path("deliveries")) {
      if (party.equals(d.path("party").asText())) {
        return d;
      }
    }
    return message.has("state") ? message : null;
  }

  private void sleepSim(Duration d) throws InterruptedException {
    clock.sleepUntil(clock.instant().plus(d));
  }

  int messages() {
    return messages;
  }

  Warning warningMessage() {
    return warning;
  }

  private void await() {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (Exception e) {
        throw new IllegalStateException("channel traffic failed: " + e.getMessage(), e);
      }
    }
  }

  synchronized List<Demo.Check> checks() {
    await();
    List<Demo.Check> out = new ArrayList<>();
    JsonNode d = warningFinal == null ? null : delivery(warningFinal, scenario.events().stream()
        .filter(e -> e.warn() != null).findFirst().map(Scenario.EventSpec::warn).orElse(""));
    boolean escalated = d != null && !d.path("escalated").isNull() && !d.path("escalated").asText().isEmpty();
    out.add(new Demo.Check("the short-notice rule warned by itself", ruleWarning != null,
        ruleWarning == null ? "no warning posted by the hub's rule" : String.format(
            "message %s from %s on the agreed channel, %s, deadline %s, in %d languages",
            ruleWarning.get("id").asText(), ruleWarning.path("sender").asText(), ruleWarning.path("priority").asText(),
            ruleWarning.path("ack_deadline").asText(), ruleWarning.path("renderings").size())));
    out.add(new Demo.Check("late acknowledgement escalated and recorded", acksLate > 0 && escalated,
        acksLate + " late, escalation " + (escalated ? "at " + d.path("escalated").asText() : "missing")));
    out.add(hubHeldCiphertext());
    out.add(new Demo.Check("a party went Down and came back", sawDown && sawBack,
        "Down seen: " + sawDown + ", back: " + sawBack));
    return out;
  }

  /** What the hub serves of the parties' own messages on the encrypted hotline: ciphertext only. */
  private Demo.Check hubHeldCiphertext() {
    int sealed = 0;
    List<String> plain = new ArrayList<>();
    for (Warning w : sealedPosts) {
      String viewer = scenario.channels().stream().filter(ChannelsPlay::encrypted).findFirst()
          .map(c -> c.members().get(0)).orElseThrow();
      JsonNode m = clients.get(viewer).message(w.channelId(), w.messageId()).body();
      if (m.path("encrypted").asBoolean() && m.path("text").isNull() && m.path("phrase").isNull()) {
        sealed++;
      } else {
        plain.add(w.messageId());
      }
    }
    return new Demo.Check("the hotline is end-to-end encrypted", sealed > 0 && plain.isEmpty(),
        String.format("%d party message(s) on it sealed by the parties' nodes; the hub holds only their ciphertext%s;"
            + " its own short-notice warning is plain, hub-attested", sealed,
            plain.isEmpty() ? "" : ", but reads " + plain));
  }

  synchronized Map<String, String> summary() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("channels", String.valueOf(channelIds.size()));
    m.put("messages", String.valueOf(messages));
    m.put("hotline", "end-to-end encrypted: the hub held only ciphertext of the " + sealedPosts.size()
        + " message(s) the parties posted on it");
    m.put("acknowledgements on time / late", acksOnTime + " / " + acksLate);
    return m;
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
