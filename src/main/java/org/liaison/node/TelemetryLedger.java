package org.liaison.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.liaison.client.Written;
import org.liaison.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts on the hub's ledger, once per operation and peer, the first time telemetry was asked for
 * and the first time it was given: "we asked and were not answered" is part of the evidence of an
 * off-nominal flight. Both sides record: the node that serves (recorder role {@code Server}) and
 * the node that asks ({@code Client}).
 *
 * <p>A node writes to the hub's ledger only through ASTM reports ({@code POST /dss/v1/reports},
 * recorded as {@code report.filed} with a hash of the report), so each moment is filed as an
 * {@code ErrorReport} whose {@code exchange} is the request and its answer; its {@code problem}
 * says which moment it is. The hub's report id and ledger receipt are kept with the mark. Filing
 * runs off the request path and is retried while the hub fails.
 */
final class TelemetryLedger {
  private static final Logger log = LoggerFactory.getLogger(TelemetryLedger.class);
  static final String REQUESTED = "requested";
  static final String SERVED = "served";
  private static final int ATTEMPTS = 6;

  /** Which side of the exchange this node was on. */
  enum Role { Client, Server }

  private final NodeStore store;
  private final Function<ObjectNode, Written<String>> hub;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final String ownBaseUrl;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  TelemetryLedger(NodeStore store, Function<ObjectNode, Written<String>> hub, ScheduledExecutorService executor,
      Clock clock, String ownBaseUrl) {
    this.store = store;
    this.hub = hub;
    this.executor = executor;
    this.clock = clock;
    this.ownBaseUrl = ownBaseUrl;
  }

  /**
   * One telemetry request of operational intent {@code id}, with {@code peer} (the party that asked,
   * or the manager asked) and the answer's status (0 when none came): files the first request, and
   * the first 200, of each peer.
   */
  void exchanged(UUID id, String peer, Role role, URI url, Instant requestTime, int status) {
    long now = clock.millis();
    if (first(id, peer, REQUESTED, status, now)) {
      file(id, peer, REQUESTED, report(id, peer, role, url, requestTime, status, REQUESTED), 1);
    }
    if (status == 200 && first(id, peer, SERVED, status, now)) {
      file(id, peer, SERVED, report(id, peer, role, url, requestTime, status, SERVED), 1);
    }
  }

  /** The database decides what is first (it survives restarts); the set spares it a write per poll. */
  private boolean first(UUID id, String peer, String mark, int status, long now) {
    String key = id + " " + mark + " " + peer;
    if (known.contains(key)) {
      return false;
    }
    boolean first = store.firstMark(id, peer, mark, status, now);
    known.add(key);
    return first;
  }

  private ObjectNode report(UUID id, String peer, Role role, URI url, Instant requestTime, int status, String mark) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    ObjectNode ex = r.putObject("exchange");
    ex.put("url", url.toString());
    ex.put("method", "GET");
    ex.putArray("headers");
    ex.put("recorder_role", role.name());
    ex.set("request_time", time(requestTime));
    // The spec leaves request_source undefined: the asking party's name as its token gives it, or
    // this node's own URL when this node asked.
    ex.put("request_source", role == Role.Server ? peer : ownBaseUrl);
    ex.set("response_time", time(clock.instant()));
    ex.put("response_code", status);
    String what = role == Role.Server
        ? (mark.equals(SERVED) ? "first served to " + peer : "first requested by " + peer)
        : (mark.equals(SERVED) ? "first received from " + peer : "first requested from " + peer);
    ex.put("problem", "telemetry of operational intent " + id + " " + what
        + (status == 0 ? "; no answer" : "; answered " + status) + " (a record of the exchange, not a fault)");
    return r;
  }

  private void file(UUID id, String peer, String mark, ObjectNode report, int attempt) {
    try {
      executor.execute(() -> {
        try {
          Written<String> w = hub.apply(report);
          ObjectNode kept = JsonNodeFactory.instance.objectNode();
          kept.put("report_id", w.value());
          if (w.receipt() != null) {
            kept.set("receipt", Json.MAPPER.readTree(w.receipt().toJson()));
          }
          store.markReport(id, peer, mark, kept.toString());
          log.info("telemetry of {} {} {}: on the hub's ledger as report {}", id, mark, peer, w.value());
        } catch (Exception e) {
          store.markReport(id, peer, mark, "report failed (attempt " + attempt + "): " + e.getMessage());
          if (attempt < ATTEMPTS) {
            log.warn("could not file telemetry {} of {} for {} (attempt {}): {}", mark, id, peer, attempt, e.getMessage());
            executor.schedule(() -> file(id, peer, mark, report, attempt + 1), 1L << attempt, TimeUnit.SECONDS);
          } else {
            log.error("gave up filing telemetry {} of {} for {} after {} attempts: {}", mark, id, peer, attempt, e.getMessage());
          }
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn("node closing: telemetry {} of {} for {} not filed at the hub", mark, id, peer);
    }
  }

  private static ObjectNode time(Instant t) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("value", t.toString());
    o.put("format", "RFC3339");
    return o;
  }
}
