package org.liaison.cli;

import org.liaison.errors.ApiException;
import org.liaison.http.RateLimit;
import org.liaison.publication.PublicationConfig;
import org.liaison.publication.PublicationOptions;
import picocli.CommandLine.Option;

/** The hub's {@code --publish} flags (docs/publication.md). */
final class PublishFlags {
  private static final PublicationConfig D = PublicationConfig.DEFAULTS;

  @Option(names = "--publish", description = "Publish danger areas for civil aviation on /public/v1 without a token.")
  boolean publish;

  @Option(names = "--publish-fir", defaultValue = "XXXX", description = "ICAO location indicator of the FIR, for NOTAM item A and the Q-line (default: ${DEFAULT-VALUE}).")
  String fir = D.fir();

  @Option(names = "--publish-series", defaultValue = "D", description = "NOTAM series letter (default: ${DEFAULT-VALUE}).")
  String series = D.series();

  @Option(names = "--publish-buffer-m", defaultValue = "5556", description = "Horizontal padding around each volume in metres, 1000 to 50000 (default: ${DEFAULT-VALUE}, 3 NM).")
  double bufferM = D.bufferM();

  @Option(names = "--publish-vertical-buffer-ft", defaultValue = "500", description = "Padding below and above each band in feet (default: ${DEFAULT-VALUE}).")
  int verticalBufferFt = D.verticalBufferFt();

  @Option(names = "--publish-vertices", defaultValue = "12", description = "Most vertices of a published outline, 4 to 200 (default: ${DEFAULT-VALUE}).")
  int maxVertices = D.maxVertices();

  @Option(names = "--publish-time-step", defaultValue = "15", description = "Round times outward to this many minutes, a divisor of 60 (default: ${DEFAULT-VALUE}).")
  int timeStepMinutes = D.timeStepMinutes();

  @Option(names = "--publish-rate-limit", defaultValue = "5", description = "Requests per second per client address on /public/v1, 0 for none (default: ${DEFAULT-VALUE}).")
  double rate = 5;

  /** The options, or null when publication is off; bad values fail naming the setting. */
  PublicationOptions toOptions() {
    if (!publish) {
      return null;
    }
    try {
      return new PublicationOptions(
          new PublicationConfig(fir, series, bufferM, verticalBufferFt, maxVertices, timeStepMinutes),
          RateLimit.of(rate));
    } catch (ApiException e) {
      throw new IllegalArgumentException("--publish: " + e.getMessage(), e);
    }
  }
}
