package org.liaison.publication;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.liaison.geo.LatLng;
import org.liaison.http.Json;

/**
 * The published formats: GeoJSON (RFC 7946), KML 2.2 and ICAO NOTAM text. Each is a pure
 * function of a {@link Publication.Snapshot}, so the files and the routes always agree.
 */
public final class Formats {
  private Formats() {}

  private static final DateTimeFormatter NOTAM_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** RFC 3339, to the minute: published times never carry seconds. */
  static String time(Instant t) {
    return MINUTES.format(t);
  }

  // ---------------------------------------------------------------- GeoJSON

  public static ObjectNode geoJson(Publication.Snapshot s) {
    ObjectNode fc = Json.MAPPER.createObjectNode();
    fc.put("type", "FeatureCollection");
    ArrayNode fs = fc.putArray("features");
    for (DangerArea a : s.areas()) {
      fs.add(feature(a, s));
    }
    return fc;
  }

  static ObjectNode feature(DangerArea a, Publication.Snapshot s) {
    ObjectNode f = Json.MAPPER.createObjectNode();
    f.put("type", "Feature");
    f.put("id", a.id());
    ObjectNode g = f.putObject("geometry");
    g.put("type", "Polygon");
    ArrayNode ring = g.putArray("coordinates").addArray();
    List<LatLng> vs = a.outline();
    for (int i = 0; i <= vs.size(); i++) {
      LatLng v = vs.get(i % vs.size());
      ring.addArray().add(v.lng()).add(v.lat());
    }
    ObjectNode p = f.putObject("properties");
    p.put("id", a.id());
    p.put("name", "Danger area " + a.id());
    p.put("type", "danger_area");
    p.put("lower_value", a.lowerFt());
    p.put("lower_unit", "FT");
    p.put("lower_reference", a.fromSurface() ? "SFC" : "MSL");
    if (a.unlimited()) {
      p.putNull("upper_value");
      p.put("upper_unit", "FT");
      p.put("upper_reference", "UNL");
    } else {
      p.put("upper_value", a.upperFt());
      p.put("upper_unit", "FT");
      p.put("upper_reference", "MSL");
    }
    p.put("start", time(a.start()));
    p.put("end", time(a.end()));
    p.put("notam", notamId(a, s));
    return f;
  }

  // ---------------------------------------------------------------- KML

  public static String kml(Publication.Snapshot s) {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n")
        .append("  <name>Danger areas, ").append(xml(s.config().fir())).append(", revision ").append(s.revision())
        .append("</name>\n")
        .append("  <Style id=\"danger\"><LineStyle><color>ff0000ff</color><width>2</width></LineStyle>")
        .append("<PolyStyle><color>400000ff</color></PolyStyle></Style>\n");
    for (DangerArea a : s.areas()) {
      b.append("  <Placemark id=\"").append(xml(a.id())).append("\">\n")
          .append("    <name>").append(xml(a.id())).append("</name>\n")
          .append("    <description>").append(xml(lower(a) + " to " + upper(a) + ", " + time(a.start()) + " to "
              + time(a.end()) + ", " + notamId(a, s))).append("</description>\n")
          .append("    <TimeSpan><begin>").append(time(a.start())).append("</begin><end>").append(time(a.end()))
          .append("</end></TimeSpan>\n")
          .append("    <styleUrl>#danger</styleUrl>\n")
          .append("    <ExtendedData>\n");
      data(b, "lower_value", Integer.toString(a.lowerFt()));
      data(b, "lower_reference", a.fromSurface() ? "SFC" : "MSL");
      data(b, "upper_value", a.unlimited() ? "" : Integer.toString(a.upperFt()));
      data(b, "upper_reference", a.unlimited() ? "UNL" : "MSL");
      data(b, "start", time(a.start()));
      data(b, "end", time(a.end()));
      b.append("    </ExtendedData>\n")
          .append("    <Polygon><outerBoundaryIs><LinearRing><coordinates>");
      List<LatLng> vs = a.outline();
      for (int i = 0; i <= vs.size(); i++) {
        LatLng v = vs.get(i % vs.size());
        b.append(i == 0 ? "" : " ").append(v.lng()).append(',').append(v.lat());
      }
      b.append("</coordinates></LinearRing></outerBoundaryIs></Polygon>\n  </Placemark>\n");
    }
    return b.append("</Document>\n</kml>\n").toString();
  }

  private static void data(StringBuilder b, String name, String value) {
    b.append("      <Data name=\"").append(name).append("\"><value>").append(xml(value)).append("</value></Data>\n");
  }

  static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- ICAO NOTAM

  static String notamId(DangerArea a, Publication.Snapshot s) {
    int n = s.numbers().getOrDefault(a.id(), 0);
    return String.format(Locale.ROOT, "%s%04d/%s", s.config().series(), n,
        DateTimeFormatter.ofPattern("yy", Locale.ROOT).withZone(ZoneOffset.UTC).format(s.generated()));
  }

  /** Every area's NOTAM, separated by a blank line. */
  public static String notams(Publication.Snapshot s) {
    StringBuilder b = new StringBuilder();
    for (DangerArea a : s.areas()) {
      b.append(notam(a, s)).append('\n');
    }
    return b.toString();
  }

  /**
   * One NOTAM in the ICAO Annex 15 / PANS-AIM (Doc 10066) format. The Q-line's code QRDCA is
   * "danger area activated"; traffic IV, purpose BO and scope W are what the NOTAM selection
   * criteria give for it.
   */
  static String notam(DangerArea a, Publication.Snapshot s) {
    String fir = s.config().fir();
    Circle c = enclosing(a.outline());
    int lowerFl = a.lowerFt() / 100;
    int upperFl = a.unlimited() ? 999 : (a.upperFt() + 99) / 100;
    StringBuilder b = new StringBuilder();
    b.append(notamId(a, s)).append(" NOTAMN\n");
    b.append(String.format(Locale.ROOT, "Q) %s/QRDCA/IV/BO/W/%03d/%03d/%s%s%03d\n", fir, lowerFl, upperFl,
        dm(c.lat, true), dm(c.lng, false), c.radiusNm));
    b.append("A) ").append(fir).append(" B) ").append(NOTAM_TIME.format(a.start()))
        .append(" C) ").append(NOTAM_TIME.format(a.end())).append('\n');
    b.append("E) DANGER AREA ").append(a.id()).append(" ACT WI AREA");
    for (LatLng v : a.outline()) {
      b.append(' ').append(dms(v.lat(), true)).append(dms(v.lng(), false));
    }
    b.append(' ').append(dms(a.outline().get(0).lat(), true)).append(dms(a.outline().get(0).lng(), false));
    b.append(". CIVIL ACFT AVOID.\n");
    b.append("F) ").append(lower(a)).append(" G) ").append(upper(a)).append('\n');
    return b.toString();
  }

  static String lower(DangerArea a) {
    return a.fromSurface() ? "SFC" : a.lowerFt() + "FT AMSL";
  }

  static String upper(DangerArea a) {
    return a.unlimited() ? "UNL" : a.upperFt() + "FT AMSL";
  }

  private record Circle(double lat, double lng, int radiusNm) {}

  /** A centre on whole minutes and a radius in whole NM (rounded up) that holds every vertex. */
  private static Circle enclosing(List<LatLng> vs) {
    double minLat = 90, maxLat = -90, minLng = 180, maxLng = -180;
    for (LatLng v : vs) {
      minLat = Math.min(minLat, v.lat());
      maxLat = Math.max(maxLat, v.lat());
      minLng = Math.min(minLng, v.lng());
      maxLng = Math.max(maxLng, v.lng());
    }
    double lat = Math.round((minLat + maxLat) / 2 * 60) / 60.0;
    double lng = Math.round((minLng + maxLng) / 2 * 60) / 60.0;
    double far = 0;
    for (LatLng v : vs) {
      far = Math.max(far, new org.liaison.geo.Circle(new LatLng(lat, lng), 1).distanceMeters(
          new org.liaison.geo.Circle(v, 1)) + 2);
    }
    return new Circle(lat, lng, (int) Math.min(999, Math.max(1, Math.ceil(far / 1852))));
  }

  /** DDMM[N|S] or DDDMM[E|W], rounded to the nearest minute (the Q-line's precision). */
  static String dm(double deg, boolean lat) {
    long minutes = Math.round(Math.abs(deg) * 60);
    return String.format(Locale.ROOT, lat ? "%02d%02d%s" : "%03d%02d%s", minutes / 60, minutes % 60,
        lat ? (deg < 0 ? "S" : "N") : (deg < 0 ? "W" : "E"));
  }

  /** DDMMSS[N|S] or DDDMMSS[E|W]; published vertices lie on whole seconds already. */
  static String dms(double deg, boolean lat) {
    long seconds = Math.round(Math.abs(deg) * 3600);
    return String.format(Locale.ROOT, lat ? "%02d%02d%02d%s" : "%03d%02d%02d%s", seconds / 3600, seconds / 60 % 60,
        seconds % 60, lat ? (deg < 0 ? "S" : "N") : (deg < 0 ? "W" : "E"));
  }

  // ---------------------------------------------------------------- feed

  public static ObjectNode changes(Publication.Changes c, Publication.Snapshot s) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("since", c.since());
    n.put("revision", c.revision());
    n.put("etag", c.etag());
    n.put("reset", c.reset());
    n.put("more", c.more());
    ArrayNode cs = n.putArray("changes");
    for (Publication.Change ch : c.changes()) {
      ObjectNode o = cs.addObject();
      o.put("revision", ch.revision());
      o.put("at", ch.at().toString());
      o.put("id", ch.id());
      o.put("change", ch.change());
      if (ch.area() != null) {
        o.set("feature", feature(ch.area(), s));
      }
    }
    return n;
  }
}
