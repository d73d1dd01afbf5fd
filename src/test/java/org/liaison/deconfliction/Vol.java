package org.liaison.deconfliction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A test volume in its ASTM Volume4D JSON form, with times relative to the hub's "now" so that
 * tests need no real dates. Defaults: 0–120 m, from now for one hour. Immutable.
 */
public final class Vol {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ObjectNode outline;
  private final Double lower;
  private final Double upper;
  private final Duration start;
  private final Duration end;
  private final String startText;
  private final String endText;

  private Vol(ObjectNode outline, Double lower, Double upper, Duration start, Duration end,
      String startText, String endText) {
    this.outline = outline;
    this.lower = lower;
    this.upper = upper;
    this.start = start;
    this.end = end;
    this.startText = startText;
    this.endText = endText;
  }

  private static Vol of(ObjectNode outline) {
    return new Vol(outline, 0.0, 120.0, Duration.ZERO, Duration.ofHours(1), null, null);
  }

  public static Vol circle(double lat, double lng, double radiusM) {
    ObjectNode o = JSON.objectNode();
    ObjectNode c = o.putObject("outline_circle");
    c.putObject("center").put("lat", lat).put("lng", lng);
    c.putObject("radius").put("value", radiusM).put("units", "M");
    return of(o);
  }

  /** A polygon from lat, lng pairs. */
  public static Vol polygon(double... latLng) {
    ObjectNode o = JSON.objectNode();
    ArrayNode vs = o.putObject("outline_polygon").putArray("vertices");
    for (int i = 0; i + 1 < latLng.length; i += 2) {
      vs.addObject().put("lat", latLng[i]).put("lng", latLng[i + 1]);
    }
    return of(o);
  }

  /** Altitude band in metres (W84); null leaves that bound out. */
  public Vol alt(Double lowerM, Double upperM) {
    return new Vol(outline, lowerM, upperM, start, end, startText, endText);
  }

  /** Time window relative to now; a null bound is left out of the JSON. */
  public Vol at(Duration fromNow, Duration toNow) {
    return new Vol(outline, lower, upper, fromNow, toNow, null, null);
  }

  /** Hours relative to now, the common case. */
  public Vol hours(double from, double to) {
    return at(Duration.ofMillis((long) (from * 3_600_000)), Duration.ofMillis((long) (to * 3_600_000)));
  }

  /** Times exactly as written, for precision and parsing tests. */
  public Vol times(String startValue, String endValue) {
    return new Vol(outline, lower, upper, start, end, startValue, endValue);
  }

  /** The outline only, as {@code volume.outline_*}. */
  public ObjectNode outline() {
    return outline.deepCopy();
  }

  public ObjectNode json(Instant now) {
    ObjectNode v = JSON.objectNode();
    ObjectNode vol = v.putObject("volume");
    vol.setAll(outline.deepCopy());
    if (lower != null) {
      vol.set("altitude_lower", altitude(lower));
    }
    if (upper != null) {
      vol.set("altitude_upper", altitude(upper));
    }
    String s = startText != null ? startText : start == null ? null : text(now.plus(start));
    String e = endText != null ? endText : end == null ? null : text(now.plus(end));
    if (s != null) {
      v.set("time_start", time(s));
    }
    if (e != null) {
      v.set("time_end", time(e));
    }
    return v;
  }

  static ObjectNode altitude(double m) {
    return JSON.objectNode().put("value", m).put("reference", "W84").put("units", "M");
  }

  static ObjectNode time(String value) {
    return JSON.objectNode().put("value", value).put("format", "RFC3339");
  }

  /** RFC 3339 in UTC with millisecond precision, as a client would send it. */
  public static String text(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
  }
}
