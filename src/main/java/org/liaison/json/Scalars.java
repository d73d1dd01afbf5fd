package org.liaison.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Typed reads of one present, non-null JSON value at a known path; shared by both views. */
final class Scalars {
  private static final Pattern UUID_FORM =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Pattern UUID_V4 =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");

  private Scalars() {}

  static boolean absent(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  static JsonNode present(JsonNode n, String path) {
    if (absent(n)) {
      throw FieldErrors.missing(path);
    }
    return n;
  }

  static String string(JsonNode n, String path) {
    if (!present(n, path).isTextual()) {
      throw FieldErrors.wrongType(path, "a string", n);
    }
    return n.textValue();
  }

  static double number(JsonNode n, String path) {
    if (!present(n, path).isNumber()) {
      throw FieldErrors.wrongType(path, "a number", n);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      // 1e999 parses, as JSON allows, to an infinity no field can hold.
      throw FieldErrors.refuse(path, d + " is not a finite number");
    }
    return d;
  }

  static double number(JsonNode n, String path, double min, double max) {
    double d = number(n, path);
    if (d < min || d > max) {
      throw FieldErrors.outside(path, d, bound(min), bound(max));
    }
    return d;
  }

  /** A whole number in [min, max]; 5.0 is not one, and neither is a 30-digit integer outside the range. */
  static long integer(JsonNode n, String path, long min, long max) {
    if (!present(n, path).isIntegralNumber()) {
      throw FieldErrors.wrongType(path, "a whole number", n);
    }
    if (!n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
      throw FieldErrors.outside(path, n.asText(), min, max);
    }
    return n.longValue();
  }

  static boolean bool(JsonNode n, String path) {
    if (!present(n, path).isBoolean()) {
      throw FieldErrors.wrongType(path, "true or false", n);
    }
    return n.booleanValue();
  }

  static UUID uuid(JsonNode n, String path) {
    return uuid(string(n, path), path);
  }

  /** Any UUID in its 36-character form (a channel or message id). */
  static UUID uuid(String s, String path) {
    if (s == null || !UUID_FORM.matcher(s).matches()) {
      throw FieldErrors.invalid(path, s, "is not a UUID");
    }
    return UUID.fromString(s);
  }

  /** A version-4 UUID, as ASTM's EntityID and SubscriptionID are. */
  static UUID uuid4(String s, String path) {
    if (s == null || !UUID_V4.matcher(s).matches()) {
      throw FieldErrors.invalid(path, s, "is not a version-4 UUID");
    }
    return UUID.fromString(s);
  }

  static Instant instant(JsonNode n, String path) {
    return instant(string(n, path), path);
  }

  /** An RFC 3339 date-time with an offset ("2030-01-01T00:00:00Z"). */
  static Instant instant(String s, String path) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw FieldErrors.invalid(path, s, "is not an RFC 3339 date-time");
    }
  }

  static <T> T oneOf(JsonNode n, String path, Map<String, T> choices) {
    String s = string(n, path);
    T t = choices.get(s);
    if (t == null) {
      throw FieldErrors.invalid(path, s, "is not one of " + String.join(", ", choices.keySet().stream().sorted().toList()));
    }
    return t;
  }

  /** A bound as a message shows it: 90 rather than 90.0. */
  private static Object bound(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
  }
}
