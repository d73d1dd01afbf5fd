package org.liaison.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Everything the hub is configured with; the CLI fills it from flags. */
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
    boolean allowHttpBaseUrls) {}
