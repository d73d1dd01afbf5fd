package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Capacity;
import org.liaison.http.RateLimit;
import org.liaison.http.ServerOptions;
import picocli.CommandLine;

/** Flags win over LIAISON_* variables, which win over --config FILE, which wins over the defaults. */
class ConfigDefaultsTest {
  @TempDir Path dir;

  private HubCommand parse(Map<String, String> env, Path file, String... args) {
    HubCommand hub = new HubCommand();
    CommandLine cl = new CommandLine(hub).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setDefaultValueProvider(ConfigDefaults.load(cl.getCommandSpec(), env, file));
    cl.parseArgs(args);
    return hub;
  }

  @Test
  void flags_beat_the_environment_which_beats_the_file_which_beats_the_defaults() throws Exception {
    Path file = Files.writeString(dir.resolve("hub.properties"), """
        # a hub's settings
        port = 1111
        rate-limit = 5
        request-timeout = 3s
        log-format = json
        metrics = off
        """);
    Map<String, String> env = Map.of("LIAISON_PORT", "2222", "LIAISON_RATE_LIMIT", "7");

    HubCommand all = parse(env, file, "--port", "3333");
    assertThat(all.port).as("flag").isEqualTo(3333);
    assertThat(all.server.rateLimit).as("environment over file").isEqualTo(7);
    assertThat(all.server.requestTimeout).as("file").isEqualTo(Duration.ofSeconds(3));
    assertThat(all.server.logFormat).isEqualTo(Logging.Format.JSON);
    assertThat(all.server.metrics).isFalse();
    assertThat(all.audience).as("built-in default").isEqualTo("localhost");

    assertThat(parse(env, file).port).as("environment").isEqualTo(2222);
    assertThat(parse(Map.of(), file).port).as("file").isEqualTo(1111);
    HubCommand none = parse(Map.of(), null);
    assertThat(none.port).as("default").isEqualTo(8082);
    assertThat(none.server.toOptions()).isEqualTo(ServerOptions.DEFAULTS);
    assertThat(none.server.accessLog).isTrue();
  }

  @Test
  void flags_make_server_options() {
    HubCommand hub = parse(Map.of("LIAISON_IP_RATE_LIMIT", "2.5"), null,
        "--rate-limit", "40", "--rate-limit-burst", "100", "--request-timeout", "750ms", "--metrics", "OFF");
    ServerOptions o = hub.server.toOptions();
    assertThat(o.partyLimit()).isEqualTo(new RateLimit(40, 100));
    assertThat(o.ipLimit()).isEqualTo(new RateLimit(2.5, 5));
    assertThat(o.requestTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(o.metrics()).isFalse();
    assertThat(ConfigDefaults.envName("--ip-rate-limit-burst")).isEqualTo("LIAISON_IP_RATE_LIMIT_BURST");
  }

  @Test
  void strict_astm_comes_from_the_flag_the_environment_or_the_file() throws Exception {
    Path file = Files.writeString(dir.resolve("strict.properties"), "strict-astm = true\n");

    assertThat(parse(Map.of(), null).strictAstm).as("default").isFalse();
    assertThat(parse(Map.of(), null, "--strict-astm").strictAstm).as("flag").isTrue();
    assertThat(parse(Map.of("LIAISON_STRICT_ASTM", "true"), null).strictAstm).as("environment").isTrue();
    assertThat(parse(Map.of(), file).strictAstm).as("file").isTrue();
    assertThat(parse(Map.of("LIAISON_STRICT_ASTM", "false"), file).strictAstm).as("environment over file").isFalse();
    assertThat(parse(Map.of(), null).name).as("no built-in name: the hub generates one").isNull();
  }

  record Run(int exit, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(env, args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void bad_values_are_refused_naming_the_option_and_the_value() throws Exception {
    Run timeout = run(Map.of(), "hub", "--request-timeout", "soon");
    assertThat(timeout.exit).isEqualTo(2);
    assertThat(timeout.err).contains("--request-timeout", "'soon' is not a duration");

    Run metrics = run(Map.of("LIAISON_METRICS", "maybe"), "node", "--party", "red");
    assertThat(metrics.exit).isEqualTo(2);
    assertThat(metrics.err).contains("--metrics", "'maybe' is not on or off");

    Run rate = run(Map.of(), "hub", "--rate-limit", "fast");
    assertThat(rate.exit).isEqualTo(2);
    assertThat(rate.err).contains("--rate-limit", "fast");

    Path typo = Files.writeString(dir.resolve("typo.properties"), "ratelimit = 5\n");
    Run unknown = run(Map.of(), "hub", "--config", typo.toString());
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err).contains("liaison hub: --config " + typo, "\"ratelimit\" is not an option of liaison hub",
        "rate-limit");

    Run missing = run(Map.of(), "hub", "--config", dir.resolve("nope.properties").toString());
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err).contains("--config " + dir.resolve("nope.properties") + ": cannot read it");
  }

  @Test
  void out_of_range_server_options_name_the_flag() {
    assertThat(message(() -> parse(Map.of(), null, "--rate-limit", "-1").server.toOptions()))
        .isEqualTo("--rate-limit must be requests per second >= 0 (0 = no limit), got -1.0");
    assertThat(message(() -> parse(Map.of(), null, "--ip-rate-limit-burst", "5").server.toOptions()))
        .isEqualTo("--ip-rate-limit-burst 5 has no effect without --ip-rate-limit above 0");
    assertThat(message(() -> parse(Map.of(), null, "--request-timeout", "100ms").server.toOptions()))
        .isEqualTo("--request-timeout must be between 250 ms and 1 h, got 100 ms");
  }

  @Test
  void stream_limits_come_from_flags_the_environment_or_the_file() throws Exception {
    Path file = Files.writeString(dir.resolve("streams.properties"), """
        max-streams = 2000
        stream-keep-alive = 2s
        """);
    ServerOptions o = parse(Map.of("LIAISON_MAX_STREAMS_PER_PARTY", "4"), file, "--max-other-requests", "100")
        .server.toOptions();
    assertThat(o.capacity()).isEqualTo(new Capacity(4, 2000, Duration.ofSeconds(2), 100));
    assertThat(parse(Map.of(), null).server.toOptions().capacity()).as("defaults").isEqualTo(Capacity.DEFAULTS);
  }

  @Test
  void out_of_range_stream_limits_name_the_flag() {
    assertThat(message(() -> parse(Map.of(), null, "--max-streams-per-party", "0").server.toOptions()))
        .isEqualTo("--max-streams-per-party must be 1 or more, got 0");
    assertThat(message(() -> parse(Map.of(), null, "--max-streams", "8").server.toOptions()))
        .isEqualTo("--max-streams must be at least --max-streams-per-party (16), got 8");
    assertThat(message(() -> parse(Map.of(), null, "--stream-keep-alive", "60s").server.toOptions()))
        .isEqualTo("--stream-keep-alive must be between 100 ms and 20 s, got 60000 ms");
    assertThat(message(() -> parse(Map.of(), null, "--max-other-requests", "190").server.toOptions()))
        .startsWith("--max-other-requests must be between 1 and 184 (of 200 request threads").endsWith("got 190");
  }

  private static String message(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("no IllegalArgumentException");
  }
}
