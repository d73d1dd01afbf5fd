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
import org.liaison.keys.PartyKeys;
import org.liaison.client.TokenProvider;
import org.liaison.hub.Hub;

/** The day's traffic on the standing channels: directory, heartbeats, the warning and its ack. */
final class ChannelsPlay implements AutoCloseable {
  /** The warning whose delivery the inquiry proves. */
  record Warning(String channelId, String messageId) {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> SCOPES = List.of("liaison.channels.read", "liaison.channels.write");

  private final Scenario scenario;
  private final SimClock clock;
  private final Map<String, ChannelsClient> clients = new LinkedHashMap<>();
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
  private JsonNode warningFinal;

  /** Each party speaks through its node's keys: every message, receipt, read and acknowledgement is signed. */
  ChannelsPlay(URI hub, Hub h, Scenario s, SimClock clock, Map<String, PartyKeys> keys) {
    this.scenario = s;
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
      ChannelsClient.Answer a = require(clients.get(c.members().get(0)).createChannel(body), "channel " + c.name());
      String id = a.body().get("id").asText();
      channelIds.put(c.name(), id);
      // Every party here has keys, so a plain channel carries text only once each member consents, signed.
      for (String m : c.members()) {
        require(clients.get(m).consentPlain(id), m + "'s consent to plain text on " + c.name());
      }
    }
    out.printf("  channels: %s%n", String.join(", ", scenario.channels().stream()
        .map(c -> c.name() + " (" + c.kind() + ", " + c.members().size() + " members)").toList()));
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

  /** The short-notice warning on the hotline, acknowledged late by its recipient. */
  void warn(Scenario.EventSpec e, UUID notice, Progress progress) {
    String ch = channelIds.get(e.channel());
    ObjectNode msg = JSON.objectNode()
        .put("client_message_id", "warning-" + notice)
        .put("text", e.text())
        .put("priority", "safety-of-flight");
    msg.putArray("notices").add(notice.toString());
    msg.putArray("to").add(e.warn());
    ChannelsClient.Answer a = require(clients.get(e.party()).post(ch, msg), "warning");
    messages++;
    String id = a.body().get("id").asText();
    warning = new Warning(ch, id);
    progress.event(clock.instant(), String.format("safety-of-flight warning from %s to %s on the %s, deadline %s",
        e.party(), e.warn(), e.channel(), Demo.hhmm(Instant.parse(a.body().get("ack_deadline").asText()))));
    ChannelsClient recipient = clients.get(e.warn());
    pending.add(background.submit(() -> {
      sleepSim(Duration.ofMinutes(2));
      recipient.delivered(recipient.message(ch, id).body());
      sleepSim(Duration.ofMinutes(e.ackAfterMinutes() - 2));
      recipient.read(ch, id);
      ObjectNode reply = JSON.objectNode().put("reply", "Received. Aircraft leaving the northern valley.");
      ChannelsClient.Answer ack = recipient.ack(ch, id, reply);
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
    out.add(new Demo.Check("late acknowledgement escalated and recorded", acksLate > 0 && escalated,
        acksLate + " late, escalation " + (escalated ? "at " + d.path("escalated").asText() : "missing")));
    out.add(new Demo.Check("a party went Down and came back", sawDown && sawBack,
        "Down seen: " + sawDown + ", back: " + sawBack));
    return out;
  }

  synchronized Map<String, String> summary() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("channels", String.valueOf(channelIds.size()));
    m.put("messages", String.valueOf(messages));
    m.put("acknowledgements on time / late", acksOnTime + " / " + acksLate);
    return m;
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
