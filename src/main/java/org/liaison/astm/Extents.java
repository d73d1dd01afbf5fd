package org.liaison.astm;

import java.util.List;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * The volumes of one entity, with the overall start and end as the client wrote them (UTC), so
 * responses echo times at the precision given.
 */
public record Extents(List<Volume4D> volumes, String startText, String endText) {
  public Extents {
    if (volumes.isEmpty()) {
      throw new IllegalArgumentException("extents need at least one volume");
    }
    volumes = List.copyOf(volumes);
  }

  public TimeWindow span() {
    TimeWindow w = volumes.get(0).time();
    for (Volume4D v : volumes) {
      w = w.union(v.time());
    }
    return w;
  }
}
