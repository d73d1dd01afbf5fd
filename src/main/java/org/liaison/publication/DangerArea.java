package org.liaison.publication;

import java.time.Instant;
import java.util.List;
import org.liaison.geo.LatLng;

/**
 * A published danger area: an outline, an altitude band in feet and a time window, each already
 * padded and rounded outward. Nothing in it names a party, a purpose or a priority.
 *
 * @param id stable while the area keeps its anchor member (see docs/publication.md)
 * @param outline the vertices counter-clockwise, not repeating the first; on whole arc-seconds
 * @param lowerFt lower limit in feet above mean sea level, a multiple of 100; 0 means the surface
 * @param upperFt upper limit in feet above mean sea level, a multiple of 100, or {@link #UNLIMITED}
 */
public record DangerArea(String id, List<LatLng> outline, int lowerFt, int upperFt, Instant start, Instant end) {
  public static final int UNLIMITED = Integer.MAX_VALUE;

  public DangerArea {
    outline = List.copyOf(outline);
  }

  boolean fromSurface() {
    return lowerFt == 0;
  }

  boolean unlimited() {
    return upperFt == UNLIMITED;
  }
}
