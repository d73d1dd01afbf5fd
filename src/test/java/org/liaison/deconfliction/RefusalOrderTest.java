package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.errors.ApiException;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;

/**
 * A request is parsed before the rules run, but a part the rules reach late (the subscription of
 * an operational intent) is refused where the rules reach it: after existence and ownership.
 */
class RefusalOrderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode body(String subscriptionId) {
    Instant start = Instant.now().plus(Duration.ofMinutes(10));
    ObjectNode b = JSON.createObjectNode();
    ObjectNode v = b.putArray("extents").addObject();
    ObjectNode vol = v.putObject("volume");
    ObjectNode c = vol.putObject("outline_circle");
    c.putObject("center").put("lat", 52.1).put("lng", 4.3);
    c.putObject("radius").put("value", 300).put("units", "M");
    vol.putObject("altitude_lower").put("value", 0).put("reference", "W84").put("units", "M");
    vol.putObject("altitude_upper").put("value", 120).put("reference", "W84").put("units", "M");
    v.putObject("time_start").put("value", start.toString()).put("format", "RFC3339");
    v.putObject("time_end").put("value", start.plus(Duration.ofMinutes(30)).toString()).put("format", "RFC3339");
    b.put("state", "Accepted");
    b.put("uss_base_url", "https://alpha.example/uss");
    if (subscriptionId != null) {
      b.put("subscription_id", subscriptionId);
    }
    return b;
  }

  @Test
  void a_bad_subscription_id_is_refused_after_the_existence_check(@TempDir Path dir) throws Exception {
    try (Hub hub = Hub.start(new HubOptions("t", "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true),
        Clock.systemUTC())) {
      Airspace a = hub.airspace();
      Set<String> scopes = Set.of(Rules.SCOPE_SC);
      UUID id = UUID.randomUUID();
      a.putOi("alpha", scopes, id, null, body(null));

      ApiException exists = catchThrowableOfType(ApiException.class,
          () -> a.putOi("alpha", scopes, id, null, body("not-a-uuid")));
      assertThat(exists.kind()).isEqualTo(ApiException.Kind.CONFLICT);
      assertThat(exists).hasMessageContaining("already exists");

      ApiException bad = catchThrowableOfType(ApiException.class,
          () -> a.putOi("alpha", scopes, UUID.randomUUID(), null, body("not-a-uuid")));
      assertThat(bad.kind()).isEqualTo(ApiException.Kind.INVALID);
      assertThat(bad).hasMessage("subscription_id \"not-a-uuid\" is not a version-4 UUID");
      assertThat(a.size()).isEqualTo(1);
    }
  }
}
