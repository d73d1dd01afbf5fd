package org.liaison.deconfliction;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A patch of the world that belongs to one test: sites lie a degree apart, far further than any
 * accepted volume reaches, so tests sharing a hub never see each other's references.
 */
public record Site(double lat, double lng) {
  private static final double M_PER_DEG_LAT = 111_320;
  private static final AtomicInteger NEXT = new AtomicInteger();

  /** The next unused site: a grid between 45° S and 45° N. */
  public static Site next() {
    int n = NEXT.getAndIncrement();
    int row = n / 340;
    int col = n % 340;
    if (row >= 90) {
      throw new IllegalStateException("all " + 90 * 340 + " sites are used; sharing one would couple tests");
    }
    return new Site(-45 + row + 0.5, -170 + col + 0.5);
  }

  public double latAt(double northM) {
    return lat + northM / M_PER_DEG_LAT;
  }

  public double lngAt(double eastM) {
    return lng + eastM / (M_PER_DEG_LAT * Math.cos(Math.toRadians(lat)));
  }

  /** A circle at the centre. */
  public Vol circle(double radiusM) {
    return circle(0, 0, radiusM);
  }

  /** A circle whose centre lies {@code eastM}, {@code northM} from the site's centre. */
  public Vol circle(double eastM, double northM, double radiusM) {
    return Vol.circle(latAt(northM), lngAt(eastM), radiusM);
  }

  /** An axis-aligned square of side {@code 2 * halfM} around an offset point. */
  public Vol square(double eastM, double northM, double halfM) {
    double s = latAt(northM - halfM);
    double n = latAt(northM + halfM);
    double w = lngAt(eastM - halfM);
    double e = lngAt(eastM + halfM);
    return Vol.polygon(s, w, s, e, n, e, n, w);
  }

  /** A circle big enough to contain every volume a test places within {@code 5 km} of the centre. */
  public Vol everything() {
    return circle(8_000).alt(null, null).at(null, null);
  }
}
