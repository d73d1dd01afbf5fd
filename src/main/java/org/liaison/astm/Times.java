package org.liaison.astm;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;

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

  private static final int[] NANOS_PER_DIGIT = {
    100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, the form clients and the stored documents use, without
   * {@link DateTimeFormatter}: that parser was a fifth of the CPU of starting over 10^6 stored
   * references, two times each. Null for anything else, including invalid dates, which {@link
   * #parse} then hands to the full parser for its verdict and message.
   */
  public static Instant plainUtc(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int nano = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1) {
        return null;
      }
      int f = digits(s, 20, fraction);
      nano = f < 0 ? -1 : f * NANOS_PER_DIGIT[fraction - 1];
    }
    if ((year | month | day | hour | minute | second | nano) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The value of {@code count} ASCII digits from {@code at}, or -1 if any is not one. */
  private static int digits(String s, int at, int count) {
    int v = 0;
    for (int i = at; i < at + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
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
