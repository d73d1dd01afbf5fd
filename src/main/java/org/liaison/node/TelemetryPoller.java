package org.liaison.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.liaison.client.PeerClient;
import org.liaison.astm.Wire;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.json.ObjectView;
import org.liaison.node.NodeStore.Seen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the aircraft of other parties' off-nominal operations: for each operational intent in
 * the picture that is {@code Nonconforming} or {@code Contingent}, asks its manager's node for
 * telemetry, no earlier than the {@code next_telemetry_opportunity} it gave, keeps every new
 * position and publishes it as a {@code telemetry} event. Requests and answers go to {@link
 * TelemetryLedger}, so the first request and the first answer are on the hub's ledger.
 */
final class TelemetryPoller {
  private static final Logger log = LoggerFactory.getLogger(TelemetryPoller.class);
  /** Between polls when the peer gave no next opportunity, or could not serve yet. */
  static final Duration RETRY = Duration.ofSeconds(2);
  /** The longest wait a peer's next_telemetry_opportunity can impose while the operation stays off-nominal. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  private final PeerClient peers;
  private final NodeStore store;
  private final TelemetryLedger ledger;
  private final Events events;
  private final Clock clock;
  private final Map<UUID, Instant> due = new ConcurrentHashMap<>();

  TelemetryPoller(PeerClient peers, NodeStore store, TelemetryLedger ledger, Events events, Clock clock) {
    this.peers = peers;
    this.store = store;
    this.ledger = ledger;
    this.events = events;
    this.clock = clock;
  }

  /** One round: polls every off-nominal operation that is due. Never throws. */
  void step() {
    try {
      Set<UUID> followed = new HashSet<>();
      for (Seen s : store.picture()) {
        if (!s.kind().equals("operational_intent") || s.doc() == null) {
          continue;
        }
        JsonNode ref = Plan.Docs.readTree(s.doc()).path("reference");
        String state = ref.path("state").asText();
        if (!state.equals("Nonconforming") && !state.equals("Contingent")) {
          continue;
        }
        followed.add(s.id());
        Instant now = clock.instant();
        if (due.getOrDefault(s.id(), Instant.MIN).isAfter(now)) {
          continue;
        }
        due.put(s.id(), poll(s, ref.path("uss_base_url").asText(), state, now));
      }
      due.keySet().retainAll(followed);
    } catch (RuntimeException e) {
      log.warn("telemetry poll round failed: {}", e.getMessage());
    }
  }

  private Instant poll(Seen s, String baseUrl, String state, Instant asked) {
    PeerClient.Answer a;
    try {
      a = peers.telemetry(baseUrl, s.id()).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      ledger.exchanged(s.id(), s.manager(), TelemetryLedger.Role.Client, PeerClient.telemetryUrl(baseUrl, s.id()), asked, 0);
      log.info("telemetry of {} from {}: no answer ({})", s.id(), s.manager(), e.getMessage());
      return asked.plus(RETRY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return asked.plus(RETRY);
    }
    ledger.exchanged(s.id(), s.manager(), TelemetryLedger.Role.Client, PeerClient.telemetryUrl(baseUrl, s.id()), asked,
        a.status());
    if (a.status() != 200) {
      log.debug("telemetry of {} from {}: answered {}", s.id(), s.manager(), a.status());
      return asked.plus(RETRY);
    }
    try {
      ObjectView body = ObjectView.of(Json.MAPPER.readTree(a.body()));
      UUID answered = body.uuid4("operational_intent_id");
      if (!answered.equals(s.id())) {
        throw ApiException.badRequest("operational_intent_id %s is not the one asked for", answered);
      }
      if (body.has("telemetry")) {
        Telemetry t = Telemetry.parse(body.obj("telemetry"), false);
        if (t.lat() != null && store.addTelemetry(s.id(), s.manager(), List.of(t), clock.millis()) > 0) {
          events.publish("telemetry", event(s.id(), s.manager(), state, false, t));
        }
      }
      Instant next = Wire.readTime(body.node(), "next_telemetry_opportunity", "");
      Instant now = clock.instant();
      if (next == null || !next.isAfter(now)) {
        return now.plus(RETRY);
      }
      return next.isAfter(now.plus(LONGEST_WAIT)) ? now.plus(LONGEST_WAIT) : next;
    } catch (JsonProcessingException | ApiException e) {
      log.warn("telemetry of {} from {}: malformed answer: {}", s.id(), s.manager(), e.getMessage());
      return asked.plus(RETRY);
    }
  }

  /** The {@code telemetry} event: one new position of an operation. */
  static ObjectNode event(UUID id, String manager, String state, boolean own, Telemetry t) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("id", id.toString());
    e.put("manager", manager);
    e.put("state", state);
    e.put("own", own);
    e.set("position", OperatorRoutes.point(t.measured().toEpochMilli(), t.doc()));
    return e;
  }
}
