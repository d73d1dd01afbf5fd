package org.liaison.astm;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.proof.UtcTime;

/** RFC 3339 times: parsed to instants, echoed in UTC at the precision the client gave. */
public final class Times {
  private Times() {}

  /** A parsed time and its UTC text at the input's precision. */
  public record Stamp(Instant instant, String text) {}

  public static Stamp parse(String raw, String path) {
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest("%s is missing", path);
    }
    String s = raw.trim().toUpperCase(Locale.ROOT);
    Instant utc = plainUtc(s);
    if (utc != null) {
      return new Stamp(utc, s);
    }
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("%s \"%s\" is not an RFC 3339 time", path, truncate(raw));
    }
    if (t.getOffset().equals(ZoneOffset.UTC) && s.endsWith("Z")) {
      return new Stamp(t.toInstant(), s);
    }
    int dot = s.indexOf('.');
    int digits = 0;
    if (dot >= 0) {
      while (dot + 1 + digits < s.length() && Character.isDigit(s.charAt(dot + 1 + digits))) {
        digits++;
      }
    }
    return new Stamp(t.toInstant(), format(t.toInstant(), digits));
  }

  /** {@link UtcTime#plain}: the plain UTC form read without {@link DateTimeFormatter}, else null. */
  public static Instant plainUtc(String s) {
    return UtcTime.plain(s);
  }

  public static String format(Instant instant, int fractionDigits) {
    StringBuilder p = new StringBuilder("yyyy-MM-dd'T'HH:mm:ss");
    if (fractionDigits > 0) {
      p.append('.').append("S".repeat(Math.min(9, fractionDigits)));
    }
    p.append("'Z'");
    return DateTimeFormatter.ofPattern(p.toString(), Locale.ROOT)
        .withZone(ZoneOffset.UTC)
        .format(instant);
  }

  public static String now(Instant instant) {
    return format(instant, 3);
  }

  public static String truncate(String s) {
    return Values.truncate(s);
  }
}
