package org.liaison.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A party's directory entry. {@code language} holds the party's reading languages in order of
 * preference, comma separated (see {@link #languages}). Nullable: {@code displayName}, {@code baseUrl}, {@code publicKey},
 * {@code lastHeartbeat} (never sent one), {@code silentSince} (not declared silent) and {@code
 * unresponsiveSince} (responsive).
 */
record Party(
    String id,
    String displayName,
    String baseUrl,
    String publicKey,
    String language,
    Duration heartbeatInterval,
    Instant lastHeartbeat,
    Instant silentSince,
    String announcedAvailability,
    Instant unresponsiveSince) {

  /** The reading languages, most preferred first. */
  List<String> languages() {
    return language == null || language.isBlank() ? List.of() : List.of(language.split(","));
  }
}
