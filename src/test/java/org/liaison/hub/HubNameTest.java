package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --name, every hub signs under an origin of its own, and keeps it across restarts. */
class HubNameTest {
  private static HubOptions options(Path dir, String name) {
    return new HubOptions(name, "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true);
  }

  private static String origin(HubOptions o) throws Exception {
    try (Hub hub = Hub.start(o, Clock.systemUTC())) {
      return hub.ledger().origin();
    }
  }

  @Test
  void two_hubs_with_default_flags_have_different_origins_that_survive_a_restart(@TempDir Path dir) throws Exception {
    Path one = Files.createDirectories(dir.resolve("one"));
    Path two = Files.createDirectories(dir.resolve("two"));

    String first = origin(options(one, null));
    String second = origin(options(two, null));

    assertThat(first).startsWith("liaison/").matches("liaison/[a-z0-9.-]+-[0-9a-f]{8}");
    assertThat(second).isNotEqualTo(first);
    assertThat(origin(options(one, null))).as("after a restart").isEqualTo(first);
  }

  @Test
  void the_name_flag_sets_the_origin(@TempDir Path dir) throws Exception {
    assertThat(origin(options(dir, "ops.example/levant"))).isEqualTo("liaison/ops.example/levant");
  }

  @Test
  void a_data_directory_signed_before_names_were_generated_keeps_liaison_hub(@TempDir Path dir) throws Exception {
    // What an older hub left: a ledger key and a log signed under the old default name.
    assertThat(origin(options(dir, HubName.LEGACY))).isEqualTo("liaison/hub");
    assertThat(dir.resolve("ledger-key.pem")).exists();

    assertThat(origin(options(dir, null))).isEqualTo("liaison/" + HubName.LEGACY);
  }
}
