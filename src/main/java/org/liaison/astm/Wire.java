package org.liaison.astm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.liaison.errors.ApiException;
import org.liaison.errors.InvalidFieldException;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.json.FieldErrors;

/**
 * The ASTM F3548 JSON forms of volumes, times and references: parsing with precise field paths
 * in every error, and rendering.
 */
public final class Wire {
  public static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern UUID_V4 =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");

  private Wire() {}

  /** Which bounds a volume must carry, and how its times are checked against the clock. */
  public enum Mode {
    /**
     * An operational intent (ASTM requires all four bounds of every volume): time_start,
     * time_end, altitude_lower and altitude_upper are required.
     */
    OPERATION,
    /** A constraint: time_start and time_end required (as InterUSS does); altitudes optional. */
    CONSTRAINT,
    /** A subscription: time_end required and in the future; time_start defaults to now. */
    SUBSCRIPTION,
    /** A query: absent times are unbounded. */
    QUERY,
    /** Stored state being reloaded: trusted, no clock checks. */
    STORED
  }

  public static UUID uuid(String s, String path) {
    if (s == null || !UUID_V4.matcher(s).matches()) {
      throw FieldErrors.invalid(path, s, "is not a version-4 UUID");
    }
    return UUID.fromString(s);
  }

  public static JsonNode required(JsonNode parent, String field, String path) {
    JsonNode n = parent == null ? null : parent.get(field);
    if (n == null || n.isNull()) {
      throw FieldErrors.missing(join(path, field));
    }
    return n;
  }

  public static JsonNode object(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw FieldErrors.wrongType(path, "a JSON object", n);
    }
    return n;
  }

  public static String text(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isTextual()) {
      throw FieldErrors.wrongType(join(path, field), "a string", n);
    }
    return n.textValue();
  }

  public static String optionalText(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw FieldErrors.wrongType(join(path, field), "a string", n);
    }
    return n.textValue();
  }

  public static boolean optionalBool(JsonNode parent, String field, String path, boolean dflt) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw FieldErrors.wrongType(join(path, field), "true or false", n);
    }
    return n.booleanValue();
  }

  static double number(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isNumber()) {
      throw FieldErrors.wrongType(join(path, field), "a number", n);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw FieldErrors.refuse(join(path, field), n.asText() + " is not a finite number");
    }
    return d;
  }

  static ArrayNode array(JsonNode parent, String field, String path) {
    JsonNode n = required(parent, field, path);
    if (!n.isArray()) {
      throw FieldErrors.wrongType(join(path, field), "an array", n);
    }
    return (ArrayNode) n;
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public static String describe(JsonNode n) {
    return FieldErrors.describe(n);
  }

  /**
   * A USS base URL: absolute, https unless http is allowed. A trailing '/' is refused only when
   * {@code strict} (the ASTM text says the URL "may not have a trailing '/'"); otherwise it is
   * kept exactly as given, as InterUSS keeps it, and peers join paths to it without doubling it.
   */
  public static String baseUrl(JsonNode parent, String field, String path, boolean allowHttp, boolean strict) {
    String p = join(path, field);
    String s = text(parent, field, path);
    URI u;
    try {
      u = new URI(s);
    } catch (Exception e) {
      throw FieldErrors.invalid(p, s, "is not a URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!u.isAbsolute() || u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw FieldErrors.invalid(p, s, "is not an absolute http(s) URL");
    }
    if (scheme.equals("http") && !allowHttp) {
      throw ApiException.badRequest(
          "%s \"%s\" must use https (start the hub with --allow-http-base-urls to accept http)",
          p, Times.truncate(s));
    }
    if (strict && s.endsWith("/")) {
      throw ApiException.badRequest(
          "%s \"%s\" must not end with '/' (ASTM F3548-21; the hub runs with --strict-astm)", p, Times.truncate(s));
    }
    if (s.length() > 2048) {
      throw ApiException.badRequest("%s is longer than 2048 characters", p);
    }
    return s;
  }

  // ---- volumes ----

  /**
   * The extents of an operational intent or constraint. Each volume's end must be in the future
   * when {@code eachVolumeInFuture} (the ASTM text, strict mode); otherwise only the operation
   * as a whole must not have ended, as InterUSS checks the union of the volumes, so a USS can
   * re-send every volume of an operation in flight.
   */
  public static Extents extents(JsonNode parent, String field, String path, Mode mode, Instant now,
      boolean eachVolumeInFuture) {
    ArrayNode arr = array(parent, field, path);
    String p = join(path, field);
    if (arr.isEmpty()) {
      throw ApiException.badRequest("%s must hold at least one volume", p);
    }
    if (arr.size() > 100) {
      throw ApiException.badRequest("%s holds %d volumes; at most 100 are accepted", p, arr.size());
    }
    List<Volume4D> vs = new ArrayList<>();
    Times.Stamp first = null;
    Times.Stamp last = null;
    int lastIndex = 0;
    for (int i = 0; i < arr.size(); i++) {
      Parsed v = volume4d(arr.get(i), p + "[" + i + "]", mode, now);
      if (eachVolumeInFuture) {
        requireFutureEnd(v.end, p + "[" + i + "]", now);
      }
      vs.add(v.volume);
      if (first == null || v.start.instant().isBefore(first.instant())) {
        first = v.start;
      }
      if (last == null || v.end.instant().isAfter(last.instant())) {
        last = v.end;
        lastIndex = i;
      }
    }
    requireFutureEnd(last, p + "[" + lastIndex + "]", now);
    return new Extents(vs, first.text(), last.text());
  }

  private static void requireFutureEnd(Times.Stamp end, String path, Instant now) {
    if (!end.instant().isAfter(now)) {
      throw ApiException.badRequest("%s.time_end %s is in the past", path, end.text());
    }
  }

  public record Parsed(Volume4D volume, Times.Stamp start, Times.Stamp end) {}

  public static Parsed volume4d(JsonNode node, String path, Mode mode, Instant now) {
    object(node, path);
    JsonNode vol = object(required(node, "volume", path), path + ".volume");
    String vp = path + ".volume";
    JsonNode poly = vol.get("outline_polygon");
    JsonNode circ = vol.get("outline_circle");
    boolean hasPoly = poly != null && !poly.isNull();
    boolean hasCirc = circ != null && !circ.isNull();
    if (hasPoly == hasCirc) {
      throw ApiException.badRequest(
          "%s must have exactly one of outline_polygon and outline_circle, got %s",
          vp, hasPoly ? "both" : "neither");
    }
    Outline outline = outline(poly, circ, hasPoly, vp, mode);
    boolean bounded = mode == Mode.OPERATION;
    double lower = altitude(vol, "altitude_lower", vp, Double.NEGATIVE_INFINITY, bounded);
    double upper = altitude(vol, "altitude_upper", vp, Double.POSITIVE_INFINITY, bounded);
    if (lower > upper) {
      throw ApiException.badRequest(
          "%s.altitude_lower %s is above altitude_upper %s", vp, lower, upper);
    }
    Times.Stamp start = time(node, "time_start", path);
    Times.Stamp end = time(node, "time_end", path);
    switch (mode) {
      case OPERATION, CONSTRAINT -> {
        // ASTM F3548-21 requires both times of an operational intent's volumes; InterUSS requires
        // them of constraints too. Defaulting to "now" is for subscriptions and queries only.
        if (start == null) {
          throw FieldErrors.missing(path + ".time_start");
        }
        if (end == null) {
          throw FieldErrors.missing(path + ".time_end");
        }
      }
      case SUBSCRIPTION -> {
        if (end == null) {
          throw FieldErrors.missing(path + ".time_end");
        }
        if (start == null) {
          start = new Times.Stamp(now, Times.now(now));
        }
        requireFutureEnd(end, path, now);
      }
      case QUERY, STORED -> {
        if (start == null) {
          start = new Times.Stamp(Instant.MIN, "");
        }
        if (end == null) {
          end = new Times.Stamp(Instant.MAX, "");
        }
      }
    }
    if (end.instant().isBefore(start.instant())) {
      throw ApiException.badRequest(
          "%s.time_end %s is before time_start %s", path, end.text(), start.text());
    }
    Volume4D v = new Volume4D(
        outline, new AltitudeBand(lower, upper), new TimeWindow(start.instant(), end.instant()));
    return new Parsed(v, start, end);
  }

  /**
   * The ASTM lists 413 "area too large" for references and queries; a subscription, and anything
   * read outside the DSS API, keeps the geometry's 400. The geometry names the area limit in km²
   * in both of its too-large messages (polygon area, circle radius), and nothing else it says does.
   */
  private static Outline outline(JsonNode poly, JsonNode circ, boolean hasPoly, String vp, Mode mode) {
    try {
      return hasPoly
          ? polygon(object(poly, vp + ".outline_polygon"), vp + ".outline_polygon")
          : circle(object(circ, vp + ".outline_circle"), vp + ".outline_circle");
    } catch (InvalidFieldException e) {
      boolean listed = mode == Mode.OPERATION || mode == Mode.CONSTRAINT || mode == Mode.QUERY;
      if (listed && e.getMessage().contains("km²")) {
        throw new ApiException(ApiException.Kind.TOO_LARGE, e.getMessage());
      }
      throw e;
    }
  }

  /**
   * Reads an ASTM Volume4D whose start and end times are both given, as in operation details and
   * plans; nothing is checked against the clock. Errors are 400s naming the field path.
   */
  public static Volume4D readVolume(JsonNode node, String path) {
    Parsed p = volume4d(node, path, Mode.STORED, Instant.EPOCH);
    if (p.start().text().isEmpty()) {
      throw FieldErrors.missing(path + ".time_start");
    }
    if (p.end().text().isEmpty()) {
      throw FieldErrors.missing(path + ".time_end");
    }
    return p.volume();
  }

  /** Reads the ASTM Time object {@code parent.field}; null when absent. Errors name the path. */
  public static Instant readTime(JsonNode parent, String field, String path) {
    Times.Stamp s = time(parent, field, path);
    return s == null ? null : s.instant();
  }

  private static Times.Stamp time(JsonNode node, String field, String path) {
    JsonNode t = node.get(field);
    if (t == null || t.isNull()) {
      return null;
    }
    String p = join(path, field);
    object(t, p);
    String format = optionalText(t, "format", p);
    if (format != null && !format.equals("RFC3339")) {
      throw FieldErrors.invalid(p + ".format", format, "is not RFC3339");
    }
    return Times.parse(text(t, "value", p), p + ".value");
  }

  private static double altitude(JsonNode vol, String field, String path, double absent, boolean required) {
    JsonNode a = vol.get(field);
    String p = join(path, field);
    if (a == null || a.isNull()) {
      if (required) {
        throw FieldErrors.missing(p);
      }
      return absent;
    }
    object(a, p);
    String units = text(a, "units", p);
    if (!units.equals("M")) {
      throw FieldErrors.invalid(p + ".units", units, "is not supported; use \"M\"");
    }
    String ref = text(a, "reference", p);
    if (!ref.equals("W84")) {
      throw FieldErrors.invalid(p + ".reference", ref, "is not supported; use \"W84\"");
    }
    double v = number(a, "value", p);
    if (v < -8000 || v > 100_000) {
      throw ApiException.badRequest("%s.value %s m is outside [-8000, 100000]", p, v);
    }
    return v;
  }

  private static Polygon polygon(JsonNode node, String path) {
    ArrayNode vs = array(node, "vertices", path);
    if (vs.size() > 1000) {
      throw ApiException.badRequest("%s.vertices has %d vertices; at most 1000 are accepted", path, vs.size());
    }
    List<LatLng> pts = new ArrayList<>(vs.size());
    for (int i = 0; i < vs.size(); i++) {
      pts.add(point(vs.get(i), path + ".vertices[" + i + "]"));
    }
    return Polygon.of(pts, path);
  }

  private static Circle circle(JsonNode node, String path) {
    LatLng c = point(object(required(node, "center", path), path + ".center"), path + ".center");
    JsonNode r = object(required(node, "radius", path), path + ".radius");
    String units = text(r, "units", path + ".radius");
    if (!units.equals("M")) {
      throw FieldErrors.invalid(path + ".radius.units", units, "is not supported; use \"M\"");
    }
    return Circle.of(c, number(r, "value", path + ".radius"), path);
  }

  private static LatLng point(JsonNode n, String path) {
    object(n, path);
    return LatLng.of(number(n, "lat", path), number(n, "lng", path), path);
  }

  // ---- rendering ----

  public static ObjectNode time(String text) {
    ObjectNode t = JSON.objectNode();
    t.put("value", text);
    t.put("format", "RFC3339");
    return t;
  }

  /** The ASTM Volume4D form of a volume, with times at full precision. */
  public static ObjectNode volume(Volume4D v) {
    ObjectNode out = JSON.objectNode();
    ObjectNode vol = out.putObject("volume");
    if (v.outline() instanceof Polygon p) {
      ArrayNode arr = vol.putObject("outline_polygon").putArray("vertices");
      for (LatLng ll : p.vertices()) {
        arr.addObject().put("lat", ll.lat()).put("lng", ll.lng());
      }
    } else {
      Circle c = (Circle) v.outline();
      ObjectNode oc = vol.putObject("outline_circle");
      oc.putObject("center").put("lat", c.center().lat()).put("lng", c.center().lng());
      oc.putObject("radius").put("value", c.radiusM()).put("units", "M");
    }
    if (Double.isFinite(v.altitude().lower())) {
      vol.putObject("altitude_lower").put("value", v.altitude().lower()).put("reference", "W84").put("units", "M");
    }
    if (Double.isFinite(v.altitude().upper())) {
      vol.putObject("altitude_upper").put("value", v.altitude().upper()).put("reference", "W84").put("units", "M");
    }
    out.set("time_start", time(v.time().start().toString()));
    out.set("time_end", time(v.time().end().toString()));
    return out;
  }
}
