package org.liaison.publication;

import java.time.Instant;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Volume4D;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * One published volume, padded and rounded outward on its own before anything is merged: its
 * outline padded by the buffer (degrees), its band in feet and its window on the time step.
 *
 * @param key the notice id and the volume's index: orders members, so results never depend on
 *     arrival order
 */
record Contribution(String key, Geometry shape, PreparedGeometry prepared, int lowerFt, int upperFt,
    Instant start, Instant end) {
  static final double FEET_PER_M = 1 / 0.3048;
  /** Above this the band is published as unlimited (Q-line 999). */
  static final int MAX_FT = 99_900;

  static Contribution of(String key, Volume4D v, PublicationConfig c) {
    Geometry shape = Shapes.padded(v.outline(), c.bufferM());
    AltitudeBand a = v.altitude();
    int lower = 0;
    if (Double.isFinite(a.lower())) {
      long l = floorStrict(a.lower() * FEET_PER_M - c.verticalBufferFt(), 100);
      lower = (int) Math.max(0, l);
    }
    int upper = DangerArea.UNLIMITED;
    if (Double.isFinite(a.upper())) {
      long u = ceilStrict(a.upper() * FEET_PER_M + c.verticalBufferFt(), 100);
      upper = u > MAX_FT ? DangerArea.UNLIMITED : (int) Math.max(100, u);
    }
    long step = c.timeStepMinutes() * 60_000L;
    Instant start = Instant.ofEpochMilli(floorStrict(v.time().start().toEpochMilli(), step));
    Instant end = Instant.ofEpochMilli(ceilStrict(v.time().end().toEpochMilli(), step));
    return new Contribution(key, shape, PreparedGeometryFactory.prepare(shape), lower, upper, start, end);
  }

  /** The largest multiple of {@code step} strictly below {@code v}: a value on the grid moves too. */
  static long floorStrict(double v, long step) {
    return step * ((long) Math.ceil(v / step) - 1);
  }

  static long ceilStrict(double v, long step) {
    return step * ((long) Math.floor(v / step) + 1);
  }

  /** Same group: windows, bands and padded outlines all overlap. */
  boolean joins(Contribution o) {
    return start.isBefore(o.end) && o.start.isBefore(end)
        && lowerFt < o.upperFt && o.lowerFt < upperFt
        && prepared.intersects(o.shape);
  }
}
