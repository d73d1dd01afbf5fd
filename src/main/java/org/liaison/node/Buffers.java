package org.liaison.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.liaison.errors.ApiException;
import org.liaison.json.ObjectView;

/**
 * Separation buffers: two volumes conflict when they come closer than all three at once, i.e.
 * horizontally nearer than {@code horizontalM} metres (or touching), vertically nearer than {@code
 * verticalM} metres and in time nearer than {@code timeS} seconds. All zero means the ASTM overlap.
 */
public record Buffers(double horizontalM, double verticalM, double timeS) {
  public Buffers {
    check(horizontalM, "horizontal_m");
    check(verticalM, "vertical_m");
    check(timeS, "time_s");
  }

  private static void check(double v, String name) {
    if (!Double.isFinite(v) || v < 0 || v > 1e7) {
      throw new IllegalArgumentException(name + " " + v + " must be a number from 0 to 10,000,000");
    }
  }

  /** The time buffer in nanoseconds. */
  public long timeNanos() {
    return Math.round(timeS * 1e9);
  }

  /** The larger of each buffer. */
  public Buffers max(Buffers o) {
    return new Buffers(Math.max(horizontalM, o.horizontalM), Math.max(verticalM, o.verticalM), Math.max(timeS, o.timeS));
  }

  public Buffers times(double k) {
    return new Buffers(horizontalM * k, verticalM * k, timeS * k);
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("horizontal_m", horizontalM);
    n.put("vertical_m", verticalM);
    n.put("time_s", timeS);
    return n;
  }

  /** Reads {@code {"horizontal_m", "vertical_m", "time_s"}}; absent fields keep {@code base}'s. */
  static Buffers parse(ObjectView n, Buffers base) {
    String path = n.path();
    n.node().fieldNames().forEachRemaining(f -> {
      if (!f.equals("horizontal_m") && !f.equals("vertical_m") && !f.equals("time_s")) {
        throw ApiException.badRequest("%s.%s is not a buffer; use horizontal_m, vertical_m and time_s", path, f);
      }
    });
    try {
      return new Buffers(
          n.number("horizontal_m", base.horizontalM),
          n.number("vertical_m", base.verticalM),
          n.number("time_s", base.timeS));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("%s: %s", path, e.getMessage());
    }
  }
}
