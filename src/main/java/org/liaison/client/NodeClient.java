package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * The client of a party node's own API ({@code /liaison/v1}), for the CLI and the bench: plans and
 * their life cycle, restrictions, the picture and the notifications. Answers are returned as
 * JSON with their status, since a refused plan (409) is an answer to show, not an error.
 */
public final class NodeClient {
  /** A status and a JSON body (NullNode when the body was empty). */
  public record Answer(int status, JsonNode body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final String base;
  private final Rest rest;
  private final Duration timeout;

  /** {@code operatorToken} is the content of the node's {@code operator-token} file. */
  public NodeClient(URI node, String operatorToken) {
    String s = node.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.rest = new Rest(Rest.defaultHttp(), TokenProvider.fixed(operatorToken));
    // Planning waits on the hub and on peers' nodes.
    this.timeout = Duration.ofSeconds(60);
  }

  public Answer call(String method, String path, JsonNode body) {
    Rest.Reply r = rest.call(method, URI.create(base + path), body, timeout);
    return new Answer(r.status(), r.body() == null || r.body().isBlank() ? NullNode.getInstance() : r.json());
  }

  public Answer submit(JsonNode plan) {
    return call("POST", "/liaison/v1/plans", plan);
  }

  public Answer modify(UUID id, JsonNode plan) {
    return call("PUT", "/liaison/v1/plans/" + id, plan);
  }

  /** {@code action} is one of activate, end, cancel, nonconforming, contingent. */
  public Answer lifecycle(UUID id, String action) {
    return call("POST", "/liaison/v1/plans/" + id + "/" + action, null);
  }

  /** Position reports of plan {@code id}: one ASTM VehicleTelemetry, or {@code {"telemetry": [ … ]}}. */
  public Answer telemetry(UUID id, JsonNode positions) {
    return call("POST", "/liaison/v1/plans/" + id + "/telemetry", positions);
  }

  public Answer plans() {
    return call("GET", "/liaison/v1/plans", null);
  }

  public Answer plan(UUID id) {
    return call("GET", "/liaison/v1/plans/" + id, null);
  }

  public Answer picture() {
    return call("GET", "/liaison/v1/picture", null);
  }

  /** {@code status} null for all, else pending, delivered or failed. */
  public Answer notifications(String status) {
    return call("GET", "/liaison/v1/notifications" + (status == null ? "" : "?status=" + status), null);
  }
}
