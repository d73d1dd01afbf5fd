package org.liaison.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.liaison.publication.DangerArea;
import org.liaison.publication.Formats;
import org.liaison.publication.Publication;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Polygon;
import org.liaison.geo.Volume4D;

/** The demo's HTML report: summary, a map, a timeline and the inquiry evidence, in one file. */
final class Report {
  /** One volume to draw, with its party and a label. */
  record Shape(String party, String label, Volume4D volume, boolean restriction) {}

  /** The day's agreements and each one's compliance report, as the API gave them. */
  record Agreed(List<ChannelsPlay.Agreed> agreements, List<JsonNode> compliance) {}

  private Report() {}

  /**
   * The report's only style sheet. The page's Content-Security-Policy admits it by its hash and
   * nothing else: no script, no other style, no image, no form, no link target.
   */
  static final String STYLE = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1200px;color:#1b1f24;overflow-wrap:anywhere}"
      + "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:4px 10px;text-align:left}"
      + "pre{background:#f6f8fa;padding:1em;overflow:auto;font-size:12px;white-space:pre-wrap}"
      + "svg.map,svg.timeline{border:1px solid #d0d7de}svg.map{background:#eef4f8}svg.timeline{background:#fff}"
      + ".legend span{display:inline-block;margin-right:1.5em}.sw{margin-right:4px;vertical-align:middle}";

  /** The report's policy, as a meta element: a file opened from disk gets no response headers. */
  static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE) + "'; base-uri 'none'; form-action 'none'";

  static Path write(Path dir, Scenario s, Instant dayStart, Map<String, String> summary,
      List<Shape> shapes, String evidence, Publication.Snapshot published, Agreed agreed) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("report.html");
    Files.writeString(file, html(s, dayStart, summary, shapes, evidence, published, agreed), StandardCharsets.UTF_8);
    return file;
  }

  static String html(Scenario s, Instant dayStart, Map<String, String> summary, List<Shape> shapes, String evidence)
      throws IOException {
    return html(s, dayStart, summary, shapes, evidence, null);
  }

  /**
   * The page. Every string in it (the scenario's names and texts, party names, labels, the
   * evidence) is escaped: a scenario file, and the parties in it, may come from anyone.
   */
  static String html(Scenario s, Instant dayStart, Map<String, String> summary, List<Shape> shapes, String evidence,
      Publication.Snapshot published) throws IOException {
    return html(s, dayStart, summary, shapes, evidence, published, null);
  }

  static String html(Scenario s, Instant dayStart, Map<String, String> summary, List<Shape> shapes, String evidence,
      Publication.Snapshot published, Agreed agreed) throws IOException {
    Map<String, String> colours = new LinkedHashMap<>();
    s.parties().forEach(p -> colours.put(p.id(), colour(p.color())));
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(esc(CSP)).append("\">")
        .append("<meta name=\"referrer\" content=\"no-referrer\"><title>")
        .append(esc(s.name())).append(" — Liaison demo report</title><style>").append(STYLE).append("</style></head><body>");
    h.append("<h1>").append(esc(s.name())).append("</h1><p>").append(esc(s.description())).append("</p>");
    h.append("<h2>Summary</h2><table>");
    summary.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>"));
    h.append("</table><h2>Map</h2><p class=\"legend\">");
    s.parties().forEach(p -> h.append("<span><svg class=\"sw\" width=\"12\" height=\"12\" aria-hidden=\"true\">")
        .append("<rect width=\"12\" height=\"12\" fill=\"").append(colours.get(p.id())).append("\"/></svg>")
        .append(esc(p.name())).append("</span>"));
    h.append("</p>").append(map(s, shapes, colours));
    h.append("<h2>Timeline</h2>").append(timeline(s, dayStart, shapes, colours));
    if (agreed != null) {
      h.append(compliance(agreed));
    }
    if (published != null) {
      h.append(published(published));
    }
    h.append("<h2>Inquiry evidence</h2><pre>").append(esc(evidence)).append("</pre>");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static final java.util.regex.Pattern COLOUR = java.util.regex.Pattern.compile("#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}");

  /** A party's colour as the scenario gives it, if it is one ({@code #rgb} or {@code #rrggbb}), else grey. */
  static String colour(String c) {
    return c != null && COLOUR.matcher(c).matches() ? c : "#57606a";
  }

  private static String sha256(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + java.util.Base64.getEncoder().encodeToString(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String map(Scenario s, List<Shape> shapes, Map<String, String> colours) throws IOException {
    Scenario.Region r = s.region();
    double pad = 0.4;
    double w0 = r.west() - pad, e0 = r.east() + pad, s0 = r.south() - pad, n0 = r.north() + pad;
    double k = Math.cos(Math.toRadians((s0 + n0) / 2));
    int width = 1100;
    int height = (int) (width * (n0 - s0) / ((e0 - w0) * k));
    Proj p = (lat, lng) -> new double[] {(lng - w0) / (e0 - w0) * width, (n0 - lat) / (n0 - s0) * height};
    StringBuilder b = new StringBuilder("<svg class=\"map\" role=\"img\" aria-label=\"Map of the day's volumes\" width=\"")
        .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
        .append(' ').append(height).append("\">");
    for (String ring : basemapRings(w0, e0, s0, n0)) {
      b.append("<path d=\"").append(ringPath(ring, p)).append("\" fill=\"#fbfaf5\" stroke=\"#9aa5b1\" stroke-width=\"0.7\"/>");
    }
    for (Shape sh : shapes) {
      String c = sh.restriction() ? "#6f42c1" : colours.getOrDefault(sh.party(), "#57606a");
      String attrs = " fill=\"" + c + "\" fill-opacity=\"" + (sh.restriction() ? "0.12" : "0.18")
          + "\" stroke=\"" + c + "\" stroke-width=\"" + (sh.restriction() ? "1.5\" stroke-dasharray=\"6 3\"" : "0.8\"");
      b.append("<g><title>").append(esc(sh.label())).append("</title>");
      if (sh.volume().outline() instanceof Circle ci) {
        double[] xy = p.at(ci.center().lat(), ci.center().lng());
        double rx = ci.radiusM() / 1000 / 111.32 / (n0 - s0) * height;
        b.append(String.format(java.util.Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"%s/>", xy[0], xy[1], rx, attrs));
      } else {
        StringBuilder d = new StringBuilder();
        for (LatLng v : ((Polygon) sh.volume().outline()).vertices()) {
          double[] xy = p.at(v.lat(), v.lng());
          d.append(d.length() == 0 ? "M" : "L").append(String.format(java.util.Locale.ROOT, "%.1f %.1f", xy[0], xy[1]));
        }
        b.append("<path d=\"").append(d).append("Z\"").append(attrs).append("/>");
      }
      b.append("</g>");
    }
    return b.append("</svg>").toString();
  }

  private interface Proj {
    double[] at(double lat, double lng);
  }

  private static String ringPath(String ring, Proj p) {
    StringBuilder d = new StringBuilder();
    for (String pt : ring.split(";")) {
      String[] ll = pt.split(",");
      double[] xy = p.at(Double.parseDouble(ll[1]), Double.parseDouble(ll[0]));
      d.append(d.length() == 0 ? "M" : "L").append(String.format(java.util.Locale.ROOT, "%.1f %.1f", xy[0], xy[1]));
    }
    return d.append('Z').toString();
  }

  /** Country rings ("lng,lat;lng,lat…") of the offline basemap that touch the box. */
  private static List<String> basemapRings(double w, double e, double s, double n) throws IOException {
    JsonNode fc;
    try (InputStream in = Report.class.getResourceAsStream("/console/basemap/countries-10m.geojson")) {
      fc = Scenario.MAPPER.readTree(in);
    }
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode f : fc.get("features")) {
      for (JsonNode poly : f.get("geometry").get("coordinates")) {
        for (JsonNode ring : poly) {
          boolean near = false;
          StringBuilder sb = new StringBuilder();
          for (JsonNode pt : ring) {
            double lng = pt.get(0).asDouble();
            double lat = pt.get(1).asDouble();
            near |= lng > w - 5 && lng < e + 5 && lat > s - 5 && lat < n + 5;
            sb.append(sb.length() == 0 ? "" : ";").append(lng).append(',').append(lat);
          }
          if (near) {
            out.add(sb.toString());
          }
        }
      }
    }
    return out;
  }

  private static String timeline(Scenario s, Instant dayStart, List<Shape> shapes, Map<String, String> colours) {
    int width = 1100;
    int row = 18;
    int left = 200;
    double minutes = s.hours() * 60.0;
    List<Shape> ops = shapes.stream().filter(x -> !x.restriction()).toList();
    // Each party's operations are packed into sub-rows so overlapping bars stay visible.
    StringBuilder bars = new StringBuilder();
    int y = 10;
    StringBuilder labels = new StringBuilder();
    for (Scenario.PartySpec party : s.parties()) {
      List<Shape> mine = ops.stream().filter(o -> o.party().equals(party.id()))
          .sorted(java.util.Comparator.comparing(o -> o.volume().time().start())).toList();
      List<Double> ends = new java.util.ArrayList<>();
      int top = y;
      for (Shape o : mine) {
        double a = Duration.between(dayStart, o.volume().time().start()).toMinutes() / minutes * (width - left - 10);
        double z = Duration.between(dayStart, o.volume().time().end()).toMinutes() / minutes * (width - left - 10);
        int lane = 0;
        while (lane < ends.size() && ends.get(lane) > a) {
          lane++;
        }
        if (lane == ends.size()) {
          ends.add(z);
        } else {
          ends.set(lane, z);
        }
        bars.append(String.format(java.util.Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.75\"><title>%s</title></rect>",
            left + a, top + lane * (row / 2), Math.max(1, z - a), row / 2 - 1, colours.getOrDefault(party.id(), "#57606a"), esc(o.label())));
      }
      int height = Math.max(1, ends.size()) * (row / 2) + 8;
      labels.append("<text x=\"4\" y=\"").append(top + 12).append("\" font-size=\"12\">").append(esc(party.name())).append("</text>");
      y += height;
    }
    StringBuilder axis = new StringBuilder();
    for (int hour = 0; hour <= s.hours(); hour += 3) {
      double x = left + hour * 60 / minutes * (width - left - 10);
      axis.append(String.format(java.util.Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d0d7de\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">+%dh</text>",
          x, x, y, x + 2, y + 14, hour));
    }
    return "<svg class=\"timeline\" role=\"img\" aria-label=\"Timeline of operations by party\" width=\"" + width
        + "\" height=\"" + (y + 20) + "\">" + axis + labels + bars + "</svg>";
  }

  /**
   * Each agreement's compliance, a row per party; under every figure the ledger entries it was
   * computed from, and below the table each cited entry's leaf hash, which {@code liaison ledger
   * prove --entry} takes.
   */
  static String compliance(Agreed a) {
    StringBuilder h = new StringBuilder("<h2>Compliance with the agreements</h2>");
    for (int i = 0; i < a.agreements().size(); i++) {
      ChannelsPlay.Agreed ag = a.agreements().get(i);
      JsonNode r = a.compliance().get(i);
      h.append("<h3>").append(esc(ag.title())).append("</h3><p>Agreement ").append(esc(ag.id())).append(", version ")
          .append(esc(r.path("version").asText())).append(", from ").append(esc(r.path("from").asText())).append(" to ")
          .append(esc(r.path("to").asText())).append("; percentiles ").append(esc(r.path("percentiles").asText()))
          .append(".</p><table><tr><th>Party</th><th>Declarations</th><th>Lead time median / 5th percentile</th>")
          .append("<th>Under the minimum</th><th>Warnings sent</th><th>Warnings received: on time / late / never</th>")
          .append("<th>Time to acknowledge median / 95th percentile</th><th>Hours unreachable</th>")
          .append("<th>Separation breaches</th></tr>");
      for (JsonNode p : r.path("parties")) {
        JsonNode d = p.path("declarations");
        JsonNode w = p.path("warnings_received");
        h.append("<tr><th>").append(esc(p.path("party").asText())).append("</th>")
            .append(cell(d.path("count").asText(), d.path("entries")))
            .append(cell(seconds(d.at("/lead_time_seconds/median")) + " / " + seconds(d.at("/lead_time_seconds/p5")), d.path("entries")))
            .append(cell(d.path("under_minimum").asText() + " (minimum " + d.path("minimum_notice_minutes").asText() + " min)",
                d.path("under_minimum_entries")))
            .append(cell(p.at("/warnings_sent/count").asText(), p.at("/warnings_sent/entries")))
            .append(cell(w.path("acknowledged_on_time").asText() + " / " + w.path("acknowledged_late").asText() + " / "
                + w.path("never_acknowledged").asText(), w.path("entries")))
            .append(cell(millis(w.at("/time_to_acknowledge_ms/median")) + " / " + millis(w.at("/time_to_acknowledge_ms/p95")),
                w.path("entries")))
            .append(cell(String.format(java.util.Locale.ROOT, "%.2f", p.at("/unreachable/hours").asDouble()),
                p.at("/unreachable/entries")))
            .append(cell(p.at("/separation_breaches/count").asText(), p.at("/separation_breaches/entries")))
            .append("</tr>");
      }
      h.append("</table><p>Leaf hashes of the cited entries (<code>liaison ledger prove --entry HASH</code>):</p><pre>");
      r.path("leaf_hashes").properties().forEach(e -> h.append('#').append(esc(e.getKey())).append("  ")
          .append(esc(e.getValue().asText())).append('\n'));
      h.append("</pre>");
    }
    return h.toString();
  }

  private static String cell(String figure, JsonNode entries) {
    List<String> indexes = new java.util.ArrayList<>();
    entries.forEach(e -> indexes.add(e.isArray() ? "#" + e.path(0).asText() + "–#" + e.path(1).asText() : "#" + e.asText()));
    return "<td>" + esc(figure) + (indexes.isEmpty() ? "" : "<br><small>entries " + esc(String.join(" ", indexes)) + "</small>")
        + "</td>";
  }

  private static String seconds(JsonNode v) {
    return v.isNumber() ? v.asLong() / 60 + " min" : "–";
  }

  private static String millis(JsonNode v) {
    return v.isNumber() ? v.asLong() / 60_000 + " min" : "–";
  }

  /** The danger areas civil aviation received: a table and the NOTAM text, every string escaped. */
  private static String published(Publication.Snapshot p) {
    StringBuilder h = new StringBuilder("<h2>Published for civil aviation</h2><p>")
        .append(p.areas().size())
        .append(" danger areas: no party, purpose or priority; files in <code>published/</code>.</p>")
        .append("<table><tr><th>Area</th><th>Vertices</th><th>Lower</th><th>Upper</th><th>From</th><th>To</th></tr>");
    for (DangerArea a : p.areas()) {
      h.append("<tr><td>").append(esc(a.id())).append("</td><td>").append(a.outline().size())
          .append("</td><td>").append(esc(a.lowerFt() == 0 ? "SFC" : a.lowerFt() + " ft"))
          .append("</td><td>").append(esc(a.upperFt() == DangerArea.UNLIMITED ? "UNL" : a.upperFt() + " ft"))
          .append("</td><td>").append(esc(a.start().toString())).append("</td><td>").append(esc(a.end().toString()))
          .append("</td></tr>");
    }
    return h.append("</table><pre>").append(esc(Formats.notams(p))).append("</pre>").toString();
  }

  /** Text for an element or a quoted attribute. */
  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
