package org.liaison.agreements;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.liaison.auth.DevAuthority;
import org.liaison.http.Json;
import org.liaison.testkit.Http;

/** A party talking to a real hub over HTTP with a fresh dev token per request. */
final class Party {
  static final List<String> SCOPES = List.of("liaison.channels.read", "liaison.channels.write",
      "utm.strategic_coordination", "utm.availability_arbitration");

  /** Status, JSON body (null if none or not JSON) and the raw text. */
  record Resp(int status, JsonNode json, String text) {
    String at(String pointer) {
      return json.at(pointer).asText();
    }
  }

  final String name;
  private final Http http;
  private final DevAuthority authority;

  Party(String name, int port, DevAuthority authority) {
    this.name = name;
    this.http = new Http(URI.create("http://127.0.0.1:" + port));
    this.authority = authority;
  }

  String token() {
    return authority.mint(name, SCOPES, "localhost", "test", Duration.ofMinutes(30));
  }

  Resp get(String path) {
    return send("GET", path, null);
  }

  Resp post(String path, Object body) {
    return send("POST", path, body);
  }

  Resp put(String path, Object body) {
    return send("PUT", path, body);
  }

  Resp send(String method, String path, Object body) {
    try {
      String b = body == null ? null : body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
      var r = http.send(method, path, token(), b);
      JsonNode j = null;
      try {
        j = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
      } catch (IOException e) {
        // not JSON: keep the text
      }
      return new Resp(r.statusCode(), j, r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
