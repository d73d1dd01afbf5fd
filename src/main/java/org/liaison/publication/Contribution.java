package org.liaison.publication;

import java.time.Instant;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Volume4D;
import org.locationtech.jts.geom.Geometry;
import java.util.List;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedPolygon;
import org.locationtech.jts.noding.SegmentString;
import org.locationtech.jts.noding.SegmentStringUtil;

/**
 * One published volume, padded and rounded outward on its own before anything is merged: its
 * outline padded by the buffer (degrees), its band in feet and its window on the time step.
 *
 * @param key the notice id and the volume's index: orders members, so results never depend on
 *     arrival order
 */
record Contribution(String key, Geometry shape, PreparedPolygon prepared, List<SegmentString> edges, int lowerFt,
    int upperFt, Instant start, Instant end) {
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
    return new Contribution(key, shape, new PreparedPolygon((Polygonal) shape),
        edges(shape), lower, upper, start, end);
  }

  /** JTS gives a raw list. */
  private static List<SegmentString> edges(Geometry shape) {
    List<SegmentString> out = new java.util.ArrayList<>();
    for (Object o : SegmentStringUtil.extractSegmentStrings(shape)) {
      out.add((SegmentString) o);
    }
    return out;
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
        && shape.getEnvelopeInternal().intersects(o.shape.getEnvelopeInternal())
        && intersects(o);
  }

  /**
   * Exact overlap of the two padded outlines: one holds a point of the other, or their edges
   * cross. What JTS's prepared test does, with the other side's edges extracted once, not per call.
   */
  private boolean intersects(Contribution o) {
    return prepared.getPointLocator().locate(o.shape.getCoordinate()) != Location.EXTERIOR
        || o.prepared.getPointLocator().locate(shape.getCoordinate()) != Location.EXTERIOR
        || prepared.getIntersectionFinder().intersects(o.edges);
  }
}
