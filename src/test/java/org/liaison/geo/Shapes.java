package org.liaison.geo;

import java.util.ArrayList;
import java.util.List;

/** Builds test geometry by walking on the sphere, so it works at the poles and across 180°. */
final class Shapes {
  private Shapes() {}

  static LatLng ll(double lat, double lng) {
    return new LatLng(lat, lng);
  }

  /** The point {@code meters} from {@code from} along the initial bearing (radians from north). */
  static LatLng offset(LatLng from, double bearing, double meters) {
    double phi = Math.toRadians(from.lat());
    double lambda = Math.toRadians(from.lng());
    double[] up = {
      Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)
    };
    // The longitude still defines north and east at a pole, so this basis never degenerates.
    double[] north = {
      -Math.sin(phi) * Math.cos(lambda), -Math.sin(phi) * Math.sin(lambda), Math.cos(phi)
    };
    double[] east = {-Math.sin(lambda), Math.cos(lambda), 0};
    double d = meters / Outline.EARTH_RADIUS_M;
    double[] p = new double[3];
    for (int i = 0; i < 3; i++) {
      p[i] =
          Math.cos(d) * up[i]
              + Math.sin(d) * (Math.cos(bearing) * north[i] + Math.sin(bearing) * east[i]);
    }
    double lat = Math.toDegrees(Math.atan2(p[2], Math.hypot(p[0], p[1])));
    double lng = Math.toDegrees(Math.atan2(p[1], p[0]));
    return new LatLng(Math.max(-90, Math.min(90, lat)), Math.max(-180, Math.min(180, lng)));
  }

  /** The point {@code east} metres east, then {@code north} metres north of {@code from}. */
  static LatLng shift(LatLng from, double east, double north) {
    return offset(offset(from, Math.PI / 2, east), 0, north);
  }

  /**
   * A star-shaped polygon around {@code center}: vertex i lies at bearing 2π(i + jitter[i])/n and
   * distance radii[i]. Jitter within [0, 0.4) keeps every angular gap below π, so it is simple.
   */
  static Polygon star(LatLng center, double[] radii, double[] jitter) {
    int n = radii.length;
    List<LatLng> vs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      vs.add(offset(center, 2 * Math.PI * (i + jitter[i]) / n, radii[i]));
    }
    return Polygon.of(vs);
  }

  /** A square of the given side, centred on {@code center}, vertices counter-clockwise. */
  static Polygon square(LatLng center, double sideM) {
    double h = sideM / 2;
    return Polygon.of(
        List.of(
            shift(center, -h, -h),
            shift(center, h, -h),
            shift(center, h, h),
            shift(center, -h, h)));
  }

  /** Great-circle distance by the haversine formula: an oracle independent of S2. */
  static double haversineMeters(LatLng a, LatLng b) {
    double dLat = Math.toRadians(b.lat() - a.lat());
    double dLng = Math.toRadians(b.lng() - a.lng());
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(a.lat()))
                * Math.cos(Math.toRadians(b.lat()))
                * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * Outline.EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
