package org.liaison.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.liaison.http.ServerOptions;

/**
 * Everything the hub is configured with; the CLI fills it from flags.
 *
 * @param issuer the {@code iss} every token must carry, or null to accept any issuer
 * @param server metrics, rate limits and the request timeout; {@link ServerOptions#DEFAULTS} when
 *     not given
 * @param strictAstm enforce the ASTM F3548-21 text where InterUSS's DSS is more lenient (see
 *     docs/compatibility.md); off by default, so tools written against InterUSS work unchanged
 * @param instances whether this hub is its database's only one, or one of several sharing a
 *     PostgreSQL-wire database ({@code --instances}); null for the store's default: many on
 *     PostgreSQL, one on the embedded store
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
    String issuer,
    ServerOptions server,
    boolean strictAstm,
    Instances instances) {

  /** How many hub processes write to the database: chooses the airspace's write engine. */
  public enum Instances {
    /** This hub is the database's only writer: group commit. */
    ONE,
    /** Several hubs share a PostgreSQL-wire database: lock stripes and a shared change log. */
    MANY
  }

  public HubOptions {
    if (server == null) {
      server = ServerOptions.DEFAULTS;
    }
  }

  /** Options with the store's default number of instances. */
  public HubOptions(String name, String host, int port, Path dataDir, String jdbcUrl, String audience,
      List<Path> publicKeys, URI jwksUrl, boolean devAuth, boolean allowHttpBaseUrls, String issuer,
      ServerOptions server, boolean strictAstm) {
    this(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth, allowHttpBaseUrls, issuer,
        server, strictAstm, null);
  }

  /** Options in the default (InterUSS-compatible) mode. */
  public HubOptions(String name, String host, int port, Path dataDir, String jdbcUrl, String audience,
      List<Path> publicKeys, URI jwksUrl, boolean devAuth, boolean allowHttpBaseUrls, String issuer,
      ServerOptions server) {
    this(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth, allowHttpBaseUrls, issuer,
        server, false);
  }

  /** Options that accept tokens from any issuer, with the default {@link ServerOptions}. */
  public HubOptions(String name, String host, int port, Path dataDir, String jdbcUrl, String audience,
      List<Path> publicKeys, URI jwksUrl, boolean devAuth, boolean allowHttpBaseUrls) {
    this(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth, allowHttpBaseUrls, null,
        ServerOptions.DEFAULTS);
  }

  /** Options with the default {@link ServerOptions}. */
  public HubOptions(String name, String host, int port, Path dataDir, String jdbcUrl, String audience,
      List<Path> publicKeys, URI jwksUrl, boolean devAuth, boolean allowHttpBaseUrls, String issuer) {
    this(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth, allowHttpBaseUrls, issuer,
        ServerOptions.DEFAULTS);
  }

  /** Options that accept tokens from any issuer. */
  public HubOptions(String name, String host, int port, Path dataDir, String jdbcUrl, String audience,
      List<Path> publicKeys, URI jwksUrl, boolean devAuth, boolean allowHttpBaseUrls, ServerOptions server) {
    this(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth, allowHttpBaseUrls, null, server);
  }

  /** These options on another data directory, as another instance on the same database needs. */
  public HubOptions withDataDir(Path dir) {
    return new HubOptions(name, host, port, dir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth,
        allowHttpBaseUrls, issuer, server, strictAstm, instances);
  }

  public HubOptions withServer(ServerOptions s) {
    return new HubOptions(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth,
        allowHttpBaseUrls, issuer, s, strictAstm, instances);
  }

  /** These options with {@code --strict-astm} on or off. */
  public HubOptions withStrictAstm(boolean strict) {
    return new HubOptions(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth,
        allowHttpBaseUrls, issuer, server, strict, instances);
  }

  /** These options with {@code --instances}; null for the store's default. */
  public HubOptions withInstances(Instances n) {
    return new HubOptions(name, host, port, dataDir, jdbcUrl, audience, publicKeys, jwksUrl, devAuth,
        allowHttpBaseUrls, issuer, server, strictAstm, n);
  }
}
