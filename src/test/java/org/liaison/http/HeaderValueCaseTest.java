package org.liaison.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: Jetty keeps a per-connection cache of header values and, by default, matches a new
 * value against it ignoring case. Handlers then saw the cached value instead of the bytes sent, so
 * a forged bearer token that differed from a genuine one sent earlier on the same connection only
 * in the case of a letter was authenticated as the genuine token.
 */
class HeaderValueCaseTest {
  private HubServer server;

  @BeforeEach
  void start() {
    server = HubServer.start("127.0.0.1", 0, List.of(c -> c.routes.get("/echo",
        ctx -> ctx.result(String.valueOf(ctx.header("Authorization"))))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void handler_sees_the_authorization_value_sent_not_one_that_differs_only_in_case() throws Exception {
    String genuine = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.abcdefSignature";
    String forged = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.ABCDEFSignature";

    try (KeepAliveConnection c = new KeepAliveConnection(server.port())) {
      assertThat(c.send("GET", "/echo", genuine).body()).isEqualTo(genuine);
      assertThat(c.send("GET", "/echo", genuine).body()).isEqualTo(genuine);
      assertThat(c.send("GET", "/echo", forged).body()).isEqualTo(forged);
      assertThat(c.send("GET", "/echo", genuine).body()).isEqualTo(genuine);
    }
  }
}
