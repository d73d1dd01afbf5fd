package org.liaison.json;

import java.time.Instant;
import java.util.UUID;

/** Values that arrive as text outside a JSON body (path and query parameters), refused in the same wording. */
public final class Params {
  private Params() {}

  /** Any UUID in its 36-character form. */
  public static UUID uuid(String s, String path) {
    return Scalars.uuid(s, path);
  }

  /** A version-4 UUID, as ASTM's EntityID and SubscriptionID are. */
  public static UUID uuid4(String s, String path) {
    return Scalars.uuid4(s, path);
  }

  /** An RFC 3339 date-time with an offset. */
  public static Instant instant(String s, String path) {
    return Scalars.instant(s, path);
  }
}
