package org.liaison.bench;

import java.util.List;
import java.util.Locale;

/**
 * Dependency-free SVG line charts: one or more series of points on linear y and linear or
 * logarithmic x, with axes, tick labels and a legend. Enough for throughput-vs-clients and
 * latency-vs-N, nothing more.
 */
final class Svg {
  /** One line of a chart. */
  record Series(String name, double[] x, double[] y) {
    Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series " + name + " has " + x.length + " x values and " + y.length + " y values");
      }
    }
  }

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  static final int WIDTH = 640;
  static final int HEIGHT = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 160;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private Svg() {}

  static String lineChart(String title, String xLabel, String yLabel, boolean logX, List<Series> series) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMax = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        if (logX && !(s.x[i] > 0)) {
          throw new IllegalArgumentException("series " + s.name + " has x " + s.x[i] + "; a log axis needs x > 0");
        }
        xMin = Math.min(xMin, s.x[i]);
        xMax = Math.max(xMax, s.x[i]);
        yMax = Math.max(yMax, s.y[i]);
      }
    }
    if (xMin > xMax) {
      xMin = 0;
      xMax = 1;
    }
    if (xMin == xMax) {
      xMin = logX ? xMin / 2 : xMin - 1;
      xMax = logX ? xMax * 2 : xMax + 1;
    }
    double yTop = niceCeil(yMax == 0 ? 1 : yMax * 1.05);
    Axis x = new Axis(xMin, xMax, logX);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;

    StringBuilder b = new StringBuilder(4096);
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(b, WIDTH / 2.0 - RIGHT / 2.0, 22, "middle", "font-size=\"15\"", title);
    // Axes.
    line(b, LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#000");
    line(b, LEFT, TOP, LEFT, TOP + plotH, "#000");
    text(b, LEFT + plotW / 2.0, HEIGHT - 10, "middle", "", xLabel);
    b.append("<text x=\"16\" y=\"").append(fmt(TOP + plotH / 2.0)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
        .append(fmt(TOP + plotH / 2.0)).append(")\">").append(escape(yLabel)).append("</text>\n");
    // Y ticks: five even steps.
    for (int i = 0; i <= 5; i++) {
      double v = yTop * i / 5;
      double py = TOP + plotH - plotH * (v / yTop);
      line(b, LEFT - 4, py, LEFT + plotW, py, i == 0 ? "#000" : "#ddd");
      text(b, LEFT - 6, py + 4, "end", "", label(v));
    }
    // X ticks: the distinct x values of the data, which are the points that were measured.
    java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
    series.forEach(s -> { for (double v : s.x) { xs.add(v); } });
    for (double v : xs) {
      double px = LEFT + plotW * x.fraction(v);
      line(b, px, TOP + plotH, px, TOP + plotH + 4, "#000");
      text(b, px, TOP + plotH + 18, "middle", "", label(v));
    }
    // Series and legend.
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String colour = COLOURS[k % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < s.x.length; i++) {
        double px = LEFT + plotW * x.fraction(s.x[i]);
        double py = TOP + plotH - plotH * (s.y[i] / yTop);
        pts.append(i == 0 ? "" : " ").append(fmt(px)).append(',').append(fmt(py));
        b.append("<circle cx=\"").append(fmt(px)).append("\" cy=\"").append(fmt(py)).append("\" r=\"3\" fill=\"")
            .append(colour).append("\"><title>").append(escape(s.name + ": " + label(s.x[i]) + " → " + label(s.y[i])))
            .append("</title></circle>\n");
      }
      // Past the palette, lines repeat colours but are dashed, so a busy chart stays readable.
      String dash = k < COLOURS.length ? "" : " stroke-dasharray=\"6 3\"";
      b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"").append(dash)
          .append(" points=\"").append(pts).append("\"/>\n");
      double ly = TOP + 10 + 18 * k;
      b.append("<line x1=\"").append(fmt(WIDTH - RIGHT + 12)).append("\" y1=\"").append(fmt(ly)).append("\" x2=\"")
          .append(fmt(WIDTH - RIGHT + 32)).append("\" y2=\"").append(fmt(ly)).append("\" stroke=\"").append(colour)
          .append("\" stroke-width=\"2\"").append(dash).append("/>\n");
      text(b, WIDTH - RIGHT + 38, ly + 4, "start", "", s.name);
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private record Axis(double min, double max, boolean log) {
    double fraction(double v) {
      return log ? (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min)) : (v - min) / (max - min);
    }
  }

  /** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code v}. */
  static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v * (1 - 1e-12)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** Compact tick labels: 16, 2.5, 10k, 1M. */
  static String label(double v) {
    double a = Math.abs(v);
    if (a >= 1e6 && v % 1e5 == 0) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e4 && v % 100 == 0) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    if (v == Math.rint(v)) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, a(v) >= 10 ? "%.1f" : "%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static double a(double v) {
    return Math.abs(v);
  }

  private static void line(StringBuilder b, double x1, double y1, double x2, double y2, String colour) {
    b.append("<line x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y1)).append("\" x2=\"").append(fmt(x2))
        .append("\" y2=\"").append(fmt(y2)).append("\" stroke=\"").append(colour).append("\"/>\n");
  }

  private static void text(StringBuilder b, double x, double y, String anchor, String extra, String s) {
    b.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"").append(anchor)
        .append('"').append(extra.isEmpty() ? "" : " " + extra).append('>').append(escape(s)).append("</text>\n");
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
