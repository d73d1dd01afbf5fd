package org.liaison.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.liaison.http.Capacity;
import org.liaison.http.RateLimit;
import org.liaison.http.ServerOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags the hub and the node share: metrics, rate limits, the request timeout, logs and the
 * configuration file. Every flag can also come from the environment or the file; see {@link
 * ConfigDefaults}.
 */
final class ServerFlags {
  /** The help footer of the commands that use these flags. */
  static final String FOOTER = "%nEvery option can also be set in the environment (--rate-limit is LIAISON_RATE_LIMIT)"
      + " or in the --config file (rate-limit = 50). Flags win over the environment, which wins over the file."
      + " See docs/operations.md.";

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file of defaults for these flags, e.g. rate-limit = 50; flags and LIAISON_* environment variables win over it.")
  Path config;

  @Option(names = "--metrics", arity = "1", defaultValue = "on", converter = OnOff.class, paramLabel = "on|off",
      description = "Serve GET /metrics in the Prometheus text format, without auth (default: ${DEFAULT-VALUE}).")
  boolean metrics;

  @Option(names = "--request-timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Longest a request waits on the database before it is answered 503, e.g. 10s or 500ms (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--rate-limit", defaultValue = "0", paramLabel = "N",
      description = "Requests per second each authenticated party may make; 0 = no limit (default: ${DEFAULT-VALUE}).")
  double rateLimit;

  @Option(names = "--rate-limit-burst", defaultValue = "0", paramLabel = "N",
      description = "Requests a party may make at once after a quiet spell; 0 = twice --rate-limit (default: ${DEFAULT-VALUE}).")
  int rateLimitBurst;

  @Option(names = "--ip-rate-limit", defaultValue = "0", paramLabel = "N",
      description = "Requests per second from each address without a valid token; 0 = no limit (default: ${DEFAULT-VALUE}).")
  double ipRateLimit;

  @Option(names = "--ip-rate-limit-burst", defaultValue = "0", paramLabel = "N",
      description = "Burst of --ip-rate-limit; 0 = twice the rate (default: ${DEFAULT-VALUE}).")
  int ipRateLimitBurst;

  @Option(names = "--max-streams-per-party", defaultValue = "16", paramLabel = "N",
      description = "Event streams (and waiting long polls) each party may hold open at once; more get 429 (default: ${DEFAULT-VALUE}).")
  int maxStreamsPerParty;

  @Option(names = "--max-streams", defaultValue = "10000", paramLabel = "N",
      description = "Event streams all parties together may hold open at once; more get 429. Each holds a socket:"
          + " keep it under the open-files limit (ulimit -n) (default: ${DEFAULT-VALUE}).")
  int maxStreams;

  @Option(names = "--stream-keep-alive", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How often an idle event stream gets a comment line, which also finds dead connections (default: ${DEFAULT-VALUE}).")
  Duration streamKeepAlive;

  @Option(names = "--max-other-requests", defaultValue = "150", paramLabel = "N",
      description = "Requests outside /dss/v1, /uss/v1, /healthy, /token and /metrics served at once; more get 503."
          + " The rest of the " + Capacity.HTTP_THREADS + " request threads stay reserved for deconfliction (default: ${DEFAULT-VALUE}).")
  int maxOtherRequests;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
      description = "Log lines as text for people or one JSON object a line for collectors (default: ${DEFAULT-VALUE}).")
  Logging.Format logFormat;

  @Option(names = "--access-log", arity = "1", defaultValue = "on", converter = OnOff.class, paramLabel = "on|off",
      description = "Log one line a request: method, route, status, duration, party, request id (default: ${DEFAULT-VALUE}).")
  boolean accessLog;

  /** The server options these flags give; the message of a bad value names its flag. */
  ServerOptions toOptions() {
    return new ServerOptions(metrics,
        limit("--rate-limit", rateLimit, "--rate-limit-burst", rateLimitBurst),
        limit("--ip-rate-limit", ipRateLimit, "--ip-rate-limit-burst", ipRateLimitBurst),
        requestTimeout, new Capacity(maxStreamsPerParty, maxStreams, streamKeepAlive, maxOtherRequests));
  }

  private static RateLimit limit(String flag, double rate, String burstFlag, int burst) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(flag + " must be requests per second >= 0 (0 = no limit), got " + rate);
    }
    if (burst < 0) {
      throw new IllegalArgumentException(burstFlag + " must be >= 0 (0 = twice the rate), got " + burst);
    }
    if (rate == 0 && burst > 0) {
      throw new IllegalArgumentException(burstFlag + " " + burst + " has no effect without " + flag + " above 0");
    }
    return new RateLimit(rate, burst);
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** "on" or "off" (also true/false, yes/no). */
  static final class OnOff implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "on", "true", "yes" -> true;
        case "off", "false", "no" -> false;
        default -> throw new TypeConversionException("'" + value + "' is not on or off");
      };
    }
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601 ({@code PT10S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      Matcher m = SHORT.matcher(v);
      if (m.matches()) {
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
          case "ms" -> n;
          case "m" -> n * 60_000;
          case "h" -> n * 3_600_000;
          default -> n * 1000;
        };
        return Duration.ofMillis(Math.round(ms));
      }
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 10s, 500ms, 2m or PT10S");
      }
    }
  }
}
