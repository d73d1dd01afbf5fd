package org.liaison.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.liaison.http.ServerOptions;

/**
 * Everything the hub is configured with; the CLI fills it from flags.
 *
 * @param server metrics, rate limits and the request timeout; {@link ServerOptions#DEFAULTS} when
 *     not given
 */
public record HubOptions(
    String name,
    String host,
    int port,
    Path dataDir,
    String jdbcUrl,
    String audience,
    List<Path> publicKeys,
    URI jwksUrl,
    boolean devAuth,
    boolean allowHttpBaseUrls,
    ServerOptions server) {

  public HubOptions {
    if (server == null) {
      server = ServerOptions.DEFAULTS;
    }
  }

  /** The options without {@code server}: metrics on, no rate limits, a 10 s request timeout. */
  public HubOptions(String name, String host, int port, Path dataDir, String jdbcUrl, String audience,
      List<Path> publicKeys, URI jwksUrl, boolean devAuth, boolean allowHttpBaseUrls) {
    this(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth, allowHttpBaseUrls,
        ServerOptions.DEFAULTS);
  }

  public HubOptions withServer(ServerOptions s) {
    return new HubOptions(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth,
        allowHttpBaseUrls, s);
  }
}
