package org.liaison.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the hub is configured with; the CLI fills it from flags.
 *
 * @param issuer the {@code iss} every token must carry, or null to accept any issuer
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
    String issuer) {

  /** Options that accept tokens from any issuer. */
  public HubOptions(String name, String host, int port, Path dataDir, String jdbcUrl, String audience,
      List<Path> publicKeys, URI jwksUrl, boolean devAuth, boolean allowHttpBaseUrls) {
    this(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth, allowHttpBaseUrls, null);
  }
}
