package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.liaison.auth.DevAuthority;
import org.liaison.http.Json;

/** A party talking to a real hub over HTTP, with a fresh dev token for every request. */
final class Api {
  static final List<String> SCOPES = List.of("liaison.channels.read", "liaison.channels.write",
      "utm.strategic_coordination", "utm.availability_arbitration");
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A response: status and JSON body (null when the body is empty or not JSON). */
  record Resp(int status, JsonNode body, String text) {
    JsonNode json() {
      return body;
    }

    String at(String pointer) {
      return body.at(pointer).asText();
    }
  }

  final String party;
  final String base;
  private final DevAuthority authority;
  private final List<String> scopes;

  Api(String party, String base, DevAuthority authority, Clock clock, List<String> scopes) {
    this.party = party;
    this.base = base;
    this.authority = authority.withClock(clock);
    this.scopes = scopes;
  }

  String token() {
    return authority.mint(party, scopes, "localhost", "test", Duration.ofMinutes(30));
  }

  Resp get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Resp post(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body instanceof String s ? s : write(body))));
  }

  Resp put(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : write(body))));
  }

  Resp delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private Resp send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.header("Authorization", "Bearer " + token())
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      try {
        body = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
      } catch (IOException e) {
        // not JSON: keep the text
      }
      return new Resp(r.statusCode(), body, r.body());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static String write(Object o) {
    try {
      return Json.MAPPER.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode obj() {
    return Json.MAPPER.createObjectNode();
  }
}
