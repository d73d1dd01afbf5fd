package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.RateLimit;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.publication.PublicationConfig;
import org.liaison.publication.PublicationOptions;

class PublishCommandTest {
  @TempDir Path dir;

  private Hub hub(PublicationOptions p) throws Exception {
    return Hub.start(new HubOptions("pub", "127.0.0.1", 0, dir.resolve("hub"), null, "localhost", List.of(), null, true,
        true), Clock.systemUTC(), p);
  }

  @Test
  void writes_the_three_files_of_a_publishing_hub() throws Exception {
    try (Hub hub = hub(new PublicationOptions(PublicationConfig.DEFAULTS, RateLimit.OFF))) {
      Path out = dir.resolve("out");
      assertThat(Main.run("publish", "--hub", "http://127.0.0.1:" + hub.port(), "--out", out.toString())).isZero();
      assertThat(Files.readString(out.resolve("danger-areas.geojson"))).contains("\"FeatureCollection\"");
      assertThat(Files.readString(out.resolve("danger-areas.kml"))).contains("<kml");
      assertThat(out.resolve("notams.txt")).exists();
    }
  }

  @Test
  void fails_with_the_hubs_answer_when_publication_is_off() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (Hub hub = hub(null)) {
      System.setErr(new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(Main.run("publish", "--hub", "http://127.0.0.1:" + hub.port(), "--out", dir.resolve("o").toString()))
          .isEqualTo(1);
    } finally {
      System.setErr(err);
    }
    assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("404", "--publish");
  }

  @Test
  void a_hub_with_a_bad_publication_setting_refuses_to_start_naming_it() {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(Main.run("hub", "--dev-auth", "--port", "0", "--data", dir.resolve("h").toString(), "--publish",
          "--publish-vertices", "0")).isEqualTo(2);
    } finally {
      System.setErr(err);
    }
    assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("max_vertices 0");
  }
}
