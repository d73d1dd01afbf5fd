package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is served without a token and describes every channel route. */
class OpenApiDocTest extends ChannelsFixture {
  @Override
  String jdbcUrl() {
    return null;
  }

  @Test
  void the_openapi_document_is_served_and_names_every_route() throws Exception {
    HttpResponse<String> r = Api.HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + hub.port() + "/liaison/v1/openapi.yaml")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("yaml"));
    assertThat(r.body()).startsWith("openapi: 3.0.3");
    for (String path : List.of("/parties", "/parties/{party}", "/parties/{party}/heartbeat", "/channels",
        "/channels/{id}", "/channels/{id}/members", "/channels/{id}/members/{party}", "/channels/{id}/suspend",
        "/channels/{id}/resume", "/channels/{id}/messages", "/channels/{id}/messages/{mid}",
        "/channels/{id}/messages/{mid}/read", "/channels/{id}/messages/{mid}/ack",
        "/parties/{party}/keys", "/parties/{party}/keys/{key}/revoke", "/channels/{id}/messages/{mid}/delivered", "/events", "/phrasebook",
        "/openapi.yaml")) {
      assertThat(r.body()).contains("\n  /liaison/v1" + path + ":\n");
    }
  }

  @Test
  void the_phrasebook_is_served_to_clients() {
    Api.Resp r = as("usa").get("/liaison/v1/phrasebook");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("types").has("safety-of-flight-warning")).isTrue();
  }

  @Test
  void channel_routes_need_a_token_with_a_channel_scope() {
    Api noScope = as("usa", List.of("utm.strategic_coordination"));
    assertThat(noScope.get("/liaison/v1/channels").status()).isEqualTo(403);
    Api readOnly = as("usa", List.of("liaison.channels.read"));
    assertThat(readOnly.get("/liaison/v1/channels").status()).isEqualTo(200);
    assertThat(readOnly.post("/liaison/v1/channels", Api.obj().put("name", "x").put("kind", "group")).status())
        .isEqualTo(403);
  }
}
