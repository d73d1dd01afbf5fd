package org.liaison.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liaison.errors.ApiException;
import org.liaison.errors.InvalidFieldException;

/** Domain errors carry no HTTP status; the server maps each kind to one, over a real port. */
class DomainErrorsTest {
  static HubServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = HubServer.start("127.0.0.1", 0, List.of(c -> {
      c.routes.get("/kind/{kind}", ctx -> {
        throw new ApiException(ApiException.Kind.valueOf(ctx.pathParam("kind")), "refused: " + ctx.pathParam("kind"));
      });
      c.routes.get("/field", ctx -> {
        throw new InvalidFieldException("area.lat", "area.lat 91.0 is outside [-90, 90]");
      });
      c.routes.get("/details", ctx -> {
        throw ApiException.conflict("key misses 1 OVN")
            .withDetails(Json.MAPPER.createObjectNode().put("missing", 1));
      });
    }));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void each_kind_has_its_status_and_keeps_its_message() throws Exception {
    int[] expected = {400, 401, 403, 404, 409, 413, 412, 406, 503, 429};
    ApiException.Kind[] kinds = ApiException.Kind.values();
    assertThat(kinds).hasSameSizeAs(expected);
    for (int i = 0; i < kinds.length; i++) {
      HttpResponse<String> r = get("/kind/" + kinds[i]);
      assertThat(r.statusCode()).as("%s", kinds[i]).isEqualTo(expected[i]);
      JsonNode body = Json.MAPPER.readTree(r.body());
      assertThat(body.path("message").asText()).isEqualTo("refused: " + kinds[i]);
      assertThat(body.has("request_id")).as("%s", kinds[i]).isTrue();
    }
  }

  @Test
  void a_plain_invalid_field_is_400_with_its_message() throws Exception {
    HttpResponse<String> r = get("/field");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo("area.lat 91.0 is outside [-90, 90]");
  }

  @Test
  void details_are_answered_beside_the_message_as_the_spec_gives_them() throws Exception {
    HttpResponse<String> r = get("/details");
    assertThat(r.statusCode()).isEqualTo(409);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.path("message").asText()).isEqualTo("key misses 1 OVN");
    assertThat(body.path("missing").asInt()).isEqualTo(1);
    assertThat(body.has("request_id")).isFalse();
  }
}
