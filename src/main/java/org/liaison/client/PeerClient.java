package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.liaison.http.JsonHttp;

/**
 * The typed client of the ASTM peer API ({@code /uss/v1}) that party nodes serve each other:
 * details of operational intents and constraints, notifications of changes, and reports.
 */
public final class PeerClient {
  /** What a peer answered to a notification or report. */
  public record Answer(int status, String body) {}

  private final Rest rest;
  private final Duration timeout;

  public PeerClient(TokenProvider tokens) {
    this.rest = new Rest(JsonHttp.shared(), tokens);
    this.timeout = Duration.ofSeconds(5);
  }

  public PeerClient(TokenProvider tokens, HttpClient http, Duration timeout) {
    this.rest = new Rest(new JsonHttp(http), tokens);
    this.timeout = timeout;
  }

  /** A base URL may end in '/' (the hub accepts it, as InterUSS does): the path is not doubled. */
  static URI url(String ussBaseUrl, String path) {
    String base = ussBaseUrl.endsWith("/") ? ussBaseUrl.substring(0, ussBaseUrl.length() - 1) : ussBaseUrl;
    return URI.create(base + path);
  }

  /** The details of operational intent {@code id} from the node at {@code ussBaseUrl}. */
  public CompletableFuture<OperationalIntent> operationalIntent(String ussBaseUrl, UUID id) {
    URI u = url(ussBaseUrl, "/uss/v1/operational_intents/" + id);
    return rest.callAsync("GET", u, null, timeout).thenApply(r -> {
      if (r.status() != 200) {
        throw r.error();
      }
      OperationalIntent oi = r.read(n -> OperationalIntent.parse(n.obj("operational_intent")));
      if (!oi.reference().id().equals(id)) {
        throw new ServiceException(200, "GET", u, "answered with operational intent " + oi.reference().id() + " instead", null);
      }
      return oi;
    });
  }

  /** The details of constraint {@code id} from the node at {@code ussBaseUrl}. */
  public CompletableFuture<Constraint> constraint(String ussBaseUrl, UUID id) {
    URI u = url(ussBaseUrl, "/uss/v1/constraints/" + id);
    return rest.callAsync("GET", u, null, timeout).thenApply(r -> {
      if (r.status() != 200) {
        throw r.error();
      }
      Constraint c = r.read(n -> Constraint.parse(n.obj("constraint")));
      if (!c.reference().id().equals(id)) {
        throw new ServiceException(200, "GET", u, "answered with constraint " + c.reference().id() + " instead", null);
      }
      return c;
    });
  }

  /**
   * Asks the node at {@code ussBaseUrl} for the telemetry of its operational intent {@code id}
   * ({@code GetOperationalIntentTelemetryResponse} when 200); the future fails only when no
   * answer came.
   */
  public CompletableFuture<Answer> telemetry(String ussBaseUrl, UUID id) {
    URI u = url(ussBaseUrl, "/uss/v1/operational_intents/" + id + "/telemetry");
    return rest.callAsync("GET", u, null, timeout).thenApply(r -> new Answer(r.status(), r.body()));
  }

  /** The telemetry URL of operational intent {@code id} at a node. */
  public static URI telemetryUrl(String ussBaseUrl, UUID id) {
    return url(ussBaseUrl, "/uss/v1/operational_intents/" + id + "/telemetry");
  }

  /**
   * POSTs a notification ({@code PutOperationalIntentDetailsParameters} or {@code
   * PutConstraintDetailsParameters}) to {@code url}; the future fails only when no answer came.
   */
  public CompletableFuture<Answer> notify(URI url, JsonNode body) {
    return rest.callAsync("POST", url, body, timeout).thenApply(r -> new Answer(r.status(), r.body()));
  }

  /** The URL notifications about operational intents go to at a node. */
  public static URI operationalIntentsUrl(String ussBaseUrl) {
    return url(ussBaseUrl, "/uss/v1/operational_intents");
  }

  /** The URL notifications about constraints go to at a node. */
  public static URI constraintsUrl(String ussBaseUrl) {
    return url(ussBaseUrl, "/uss/v1/constraints");
  }

  /** Files an ASTM ErrorReport at a peer; returns the peer's report id. */
  public String report(String ussBaseUrl, JsonNode errorReport) {
    Rest.Reply r = rest.call("POST", url(ussBaseUrl, "/uss/v1/reports"), errorReport, timeout);
    if (r.status() != 201) {
      throw r.error();
    }
    return r.read(n -> n.string("report_id"));
  }
}
