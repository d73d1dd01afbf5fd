package org.liaison.hub;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --instances many} shares a database through PostgreSQL; the embedded one cannot be shared. */
class InstancesTest {
  @Test
  void many_instances_on_the_embedded_database_are_refused_naming_the_flag(@TempDir Path dir) {
    HubOptions o = new HubOptions(null, "127.0.0.1", 0, dir, null, "localhost", List.of(), null, true, true)
        .withInstances(HubOptions.Instances.MANY);
    assertThatThrownBy(() -> Hub.start(o, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--instances many needs a PostgreSQL database (--db): the embedded database serves one hub instance");
  }
}
