package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.liaison.client.Fields;
import org.liaison.errors.ApiException;

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
  static Buffers parse(JsonNode n, String path, Buffers base) {
    Fields.object(n, path);
    n.fieldNames().forEachRemaining(f -> {
      if (!f.equals("horizontal_m") && !f.equals("vertical_m") && !f.equals("time_s")) {
        throw ApiException.badRequest("%s.%s is not a buffer; use horizontal_m, vertical_m and time_s", path, f);
      }
    });
    try {
      return new Buffers(
          Fields.present(n, "horizontal_m") ? Fields.number(n, "horizontal_m", path) : base.horizontalM,
          Fields.present(n, "vertical_m") ? Fields.number(n, "vertical_m", path) : base.verticalM,
          Fields.present(n, "time_s") ? Fields.number(n, "time_s", path) : base.timeS);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("%s: %s", path, e.getMessage());
    }
  }
}
