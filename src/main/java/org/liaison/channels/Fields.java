package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.liaison.errors.ApiException;
import org.liaison.proof.Merkle;
import org.liaison.errors.Values;

/** Request-body reading with the field path in every error, and small shared helpers. */
final class Fields {
  private static final Pattern PARTY = Pattern.compile("[A-Za-z0-9._:@/-]{1,255}");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Fields() {}

  static JsonNode object(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("%s must be a JSON object, got %s", path, describe(n));
    }
    return n;
  }

  /** Refuses fields the endpoint does not know, so a typo is not silently ignored. */
  static void onlyKnown(JsonNode n, String path, Set<String> known) {
    n.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        throw ApiException.badRequest("%s has unknown field \"%s\"; known fields are %s",
            path, truncate(f), String.join(", ", known.stream().sorted().toList()));
      }
    });
  }

  static String text(JsonNode parent, String field, String path) {
    String s = optionalText(parent, field, path);
    if (s == null) {
      throw ApiException.badRequest("%s is missing", join(path, field));
    }
    return s;
  }

  static String optionalText(JsonNode parent, String field, String path) {
    JsonNode n = parent == null ? null : parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("%s must be a string, got %s", join(path, field), describe(n));
    }
    return n.textValue();
  }

  static Long optionalLong(JsonNode parent, String field, String path, long min, long max) {
    JsonNode n = parent == null ? null : parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw ApiException.badRequest("%s must be a whole number, got %s", join(path, field), describe(n));
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw ApiException.badRequest("%s %d is outside [%d, %d]", join(path, field), v, min, max);
    }
    return v;
  }

  static Instant optionalInstant(JsonNode parent, String field, String path) {
    String s = optionalText(parent, field, path);
    return s == null ? null : instant(s, join(path, field));
  }

  static Instant instant(String s, String path) {
    try {
      return java.time.OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("%s \"%s\" is not an RFC 3339 date-time", path, truncate(s));
    }
  }

  static List<String> textArray(JsonNode parent, String field, String path, int max) {
    JsonNode n = parent == null ? null : parent.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    String p = join(path, field);
    if (!n.isArray()) {
      throw ApiException.badRequest("%s must be an array of strings, got %s", p, describe(n));
    }
    if (n.size() > max) {
      throw ApiException.badRequest("%s has %d items; at most %d are accepted", p, n.size(), max);
    }
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw ApiException.badRequest("%s[%d] must be a string, got %s", p, i, describe(n.get(i)));
      }
      out.add(n.get(i).textValue());
    }
    return out;
  }

  /** A party name: the JWT {@code sub} of a party. */
  static String party(String s, String path) {
    if (s == null || !PARTY.matcher(s).matches()) {
      throw ApiException.badRequest(
          "%s \"%s\" is not a party name (1 to 255 of letters, digits and . _ : @ / -)",
          path, s == null ? "" : truncate(s));
    }
    return s;
  }

  static String clientId(String s, String path) {
    if (!CLIENT_ID.matcher(s).matches()) {
      throw ApiException.badRequest(
          "%s \"%s\" must be 1 to 128 of letters, digits and . _ : -", path, truncate(s));
    }
    return s;
  }

  static String uuid(String s, String path) {
    try {
      if (s != null && s.length() == 36) {
        return UUID.fromString(s).toString();
      }
    } catch (IllegalArgumentException e) {
      // reported below with the path
    }
    throw ApiException.badRequest("%s \"%s\" is not a UUID", path, s == null ? "" : truncate(s));
  }

  static String join(String path, String field) {
    return path == null || path.isEmpty() ? field : path + "." + field;
  }

  static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + truncate(n.toString());
  }

  static String truncate(String s) {
    return Values.truncate(s);
  }

  static String sha256(String s) {
    return Merkle.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] b) {
    return Merkle.sha256Hex(b);
  }

  static Long ms(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  static Instant instantOfMs(long ms, boolean wasNull) {
    return wasNull ? null : Instant.ofEpochMilli(ms);
  }
}
