package org.liaison.channels;

import java.time.Duration;
import java.time.Instant;

/**
 * A party's directory entry. Nullable: {@code displayName}, {@code baseUrl}, {@code publicKey},
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
    Instant unresponsiveSince) {}
