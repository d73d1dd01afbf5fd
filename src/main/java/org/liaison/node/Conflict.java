package org.liaison.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.liaison.geo.Volume4D;

/**
 * A neighbour that a plan comes within the separation buffers of: which volumes, by how much in
 * each dimension, and whether it stops the plan.
 */
record Conflict(Neighbour with, Buffers buffers, ObjectNode buffersFrom, boolean blocking, String reason,
    List<Pair> pairs) {

  /** Plan volume {@code volume} and the neighbour's volume {@code theirVolume}, and their gap. */
  record Pair(int volume, int theirVolume, Gap gap) {}

  /** Every pair of volumes that comes within {@code b}; empty when the plan is clear. */
  static List<Pair> pairs(List<Volume4D> plan, List<Volume4D> theirs, Buffers b) {
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      for (int j = 0; j < theirs.size(); j++) {
        Gap g = Gap.between(plan.get(i), theirs.get(j));
        if (g.conflicts(b)) {
          out.add(new Pair(i, j, g));
        }
      }
    }
    return out;
  }

  /** The conflicts of a plan with each neighbour, blocking ones first. */
  static List<Conflict> of(List<Volume4D> plan, long priority, List<Neighbour> neighbours, SeparationPolicy policy, String self) {
    List<Conflict> blocking = new ArrayList<>();
    List<Conflict> overridden = new ArrayList<>();
    for (Neighbour n : neighbours) {
      boolean own = n.manager().equals(self);
      Buffers b = own ? policy.base() : policy.against(n.manager());
      List<Pair> pairs = pairs(plan, n.volumes(), b);
      if (pairs.isEmpty()) {
        continue;
      }
      boolean blocks = n.blocks(priority);
      (blocks ? blocking : overridden).add(new Conflict(n, b,
          own ? JsonNodeFactory.instance.objectNode().put("source", "own") : policy.source(n.manager()), blocks,
          reason(n, priority), pairs));
    }
    blocking.addAll(overridden);
    return blocking;
  }

  private static String reason(Neighbour n, long priority) {
    if (!n.known()) {
      return "its details are unavailable (" + n.unavailable() + "), so its whole time span is kept clear";
    }
    if (n.kind() == Neighbour.Kind.constraint) {
      return "it is a restriction";
    }
    if (n.priority() >= priority) {
      return "its priority " + n.priority() + (n.priority() == priority ? " equals" : " is higher than") + " the plan's " + priority;
    }
    return "its priority " + n.priority() + " is lower than the plan's " + priority + ", which may conflict with it";
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("kind", with.kind().name());
    n.put("id", with.id().toString());
    n.put("manager", with.manager());
    if (with.priority() != null) {
      n.put("priority", with.priority());
    }
    if (with.state() != null) {
      n.put("state", with.state());
    }
    n.put("uss_base_url", with.ussBaseUrl());
    n.put("blocking", blocking);
    n.put("reason", reason);
    n.set("buffers", buffers.toJson());
    n.set("buffers_from", buffersFrom);
    ArrayNode arr = n.putArray("pairs");
    double worstH = Double.NEGATIVE_INFINITY;
    double worstV = Double.NEGATIVE_INFINITY;
    double worstT = Double.NEGATIVE_INFINITY;
    for (Pair p : pairs) {
      ObjectNode o = arr.addObject();
      o.put("volume", p.volume());
      o.put("their_volume", p.theirVolume());
      double h = buffers.horizontalM() - p.gap().horizontalM();
      double v = buffers.verticalM() - p.gap().verticalM();
      double t = buffers.timeS() - p.gap().timeNanos() / 1e9;
      ObjectNode ho = o.putObject("horizontal");
      put(ho, "distance_m", p.gap().horizontalM());
      put(ho, "buffer_m", buffers.horizontalM());
      put(ho, "intrusion_m", h);
      ObjectNode vo = o.putObject("vertical");
      put(vo, "separation_m", p.gap().verticalM());
      put(vo, "buffer_m", buffers.verticalM());
      put(vo, "intrusion_m", v);
      ObjectNode to = o.putObject("time");
      put(to, "separation_s", p.gap().timeNanos() / 1e9);
      put(to, "buffer_s", buffers.timeS());
      put(to, "intrusion_s", t);
      worstH = Math.max(worstH, h);
      worstV = Math.max(worstV, v);
      worstT = Math.max(worstT, t);
    }
    ObjectNode w = n.putObject("worst");
    put(w, "horizontal_intrusion_m", worstH);
    put(w, "vertical_intrusion_m", worstV);
    put(w, "time_intrusion_s", worstT);
    n.put("summary", summary());
    return n;
  }

  /** JSON has no infinity: an unbounded figure is written as null. */
  private static void put(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, Math.round(v * 1000) / 1000.0);
    } else {
      o.putNull(field);
    }
  }

  /** One line for people: the worst pair, and by how much it intrudes in each dimension. */
  String summary() {
    Pair worst = pairs.get(0);
    for (Pair p : pairs) {
      if (p.gap().timeNanos() < worst.gap().timeNanos()) {
        worst = p;
      }
    }
    Gap g = worst.gap();
    String what = with.kind() == Neighbour.Kind.constraint ? "restriction" : "operation";
    return String.format(Locale.ROOT,
        "%s %s of %s%s: %s; volume %d vs its volume %d: %s horizontally (buffer %s), %s vertically (buffer %s), %s in time (buffer %s)",
        what, with.id(), with.manager(), with.priority() == null ? "" : " (priority " + with.priority() + ")",
        blocking ? "blocks the plan because " + reason : "allowed because " + reason,
        worst.volume(), worst.theirVolume(),
        g.horizontalM() <= 0 ? "intersecting" : metres(g.horizontalM()) + " apart",
        metres(buffers.horizontalM()),
        g.verticalM() < 0 ? "overlapping by " + metres(-g.verticalM()) : metres(g.verticalM()) + " apart",
        metres(buffers.verticalM()),
        g.timeNanos() < 0 ? "overlapping by " + seconds(-g.timeNanos() / 1e9) : seconds(g.timeNanos() / 1e9) + " apart",
        seconds(buffers.timeS())) + setBy();
  }

  /** Which agreements set the buffers, when they did. */
  private String setBy() {
    if (!buffersFrom.path("source").asText().equals("agreement")) {
      return "";
    }
    List<String> names = new ArrayList<>();
    buffersFrom.path("agreements").forEach(a -> names.add(a.path("id").asText() + " version " + a.path("version").asInt()));
    return "; buffers set by agreement " + String.join(" and ", names);
  }

  private static String metres(double m) {
    return Double.isFinite(m) ? figure(m) + " m" : "unbounded";
  }

  private static String seconds(double s) {
    return Double.isFinite(s) ? figure(s) + " s" : "unbounded";
  }

  /** Whole numbers without decimals, others to a tenth. */
  private static String figure(double v) {
    double r = Math.round(v * 10) / 10.0;
    return r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
  }
}
