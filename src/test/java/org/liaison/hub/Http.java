package org.liaison.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Plain HTTP against a hub under test, with dev-auth tokens. */
final class Http {
  static final String SC = "utm.strategic_coordination";

  final Hub hub;
  final URI base;
  private final org.liaison.testkit.Http client;

  Http(Hub hub) {
    this.hub = hub;
    this.base = URI.create("http://127.0.0.1:" + hub.port());
    this.client = new org.liaison.testkit.Http(base);
  }

  String token(String party, String... scopes) {
    return hub.devAuthority().mint(party, List.of(scopes), "localhost", "test", Duration.ofMinutes(30));
  }

  HttpResponse<String> get(String path, String token, String... headers) throws IOException, InterruptedException {
    return client.get(path, token, headers);
  }

  HttpResponse<String> put(String path, String token, String body) throws IOException, InterruptedException {
    return client.put(path, token, body);
  }

  /** A notice body over a 500 m circle at {@code lat}, 10 to 40 minutes from now, with {@code key}. */
  static String notice(double lat, String... key) {
    java.time.Instant t0 = java.time.Instant.now().plus(Duration.ofMinutes(10));
    String keys = String.join(",", java.util.Arrays.stream(key).map(k -> "\"" + k + "\"").toList());
    return """
        {"extents":[{"volume":{"outline_circle":{"center":{"lat":%s,"lng":1},"radius":{"value":500,"units":"M"}},
          "altitude_lower":{"value":0,"reference":"W84","units":"M"},"altitude_upper":{"value":100,"reference":"W84","units":"M"}},
          "time_start":{"value":"%s","format":"RFC3339"},"time_end":{"value":"%s","format":"RFC3339"}}],
         "key":[%s],"state":"Accepted","uss_base_url":"http://node.example","new_subscription":{"uss_base_url":"http://node.example"}}
        """.formatted(lat, t0, t0.plus(Duration.ofMinutes(30)), keys);
  }
}
