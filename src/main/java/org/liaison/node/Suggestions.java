package org.liaison.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;

/**
 * The slots {@link SlotFinder} proposes for a refused plan: the nearest time shift and the nearest
 * altitude shift within the operator's limits, each checked once more against every neighbour
 * that could block it.
 */
final class Suggestions {
  /** A plan moved clear of every blocking neighbour. */
  record Slot(String kind, double shift, List<Volume4D> volumes) {}

  final Slot time;
  final Slot earlier;
  final Slot altitude;
  final List<String> notes;
  final PlanRequest.Limits limits;

  private Suggestions(Slot time, Slot earlier, Slot altitude, List<String> notes, PlanRequest.Limits limits) {
    this.time = time;
    this.earlier = earlier;
    this.altitude = altitude;
    this.notes = notes;
    this.limits = limits;
  }

  static Suggestions find(List<Volume4D> plan, long priority, List<Neighbour> neighbours, SeparationPolicy policy,
      String self, PlanRequest.Limits limits, Instant now) {
    List<SlotFinder.Obstacle> obstacles = new ArrayList<>();
    for (Neighbour n : neighbours) {
      if (n.blocks(priority)) {
        obstacles.add(new SlotFinder.Obstacle(n.volumes(), n.manager().equals(self) ? policy.base() : policy.against(n.manager())));
      }
    }
    List<String> notes = new ArrayList<>();
    long step = limits.step().toNanos();

    List<SlotFinder.TimeInterval> times = SlotFinder.timeIntervals(plan, obstacles);
    Slot later = null;
    OptionalLong s = SlotFinder.earliestTime(times, limits.maxDelay().toNanos(), step);
    if (s.isPresent()) {
      later = checked(new Slot("time", s.getAsLong() / 1e9, shiftTime(plan, s.getAsLong())), priority, neighbours, policy, self);
    } else {
      notes.add("no conflict-free start within " + limits.maxDelay().toSeconds() + " s later (max_delay_s)");
    }
    Slot earlier = null;
    long room = Math.max(0, Math.min(limits.maxAdvance().toNanos(), Gap.nanos(now, Footprint.span(plan).start())));
    if (room > 0) {
      OptionalLong e = SlotFinder.latestTime(times, room, step);
      if (e.isPresent() && e.getAsLong() != 0) {
        earlier = checked(new Slot("time", e.getAsLong() / 1e9, shiftTime(plan, e.getAsLong())), priority, neighbours, policy, self);
      } else if (e.isEmpty()) {
        notes.add("no conflict-free start within " + Duration.ofNanos(room).toSeconds() + " s earlier (max_advance_s, and not before now)");
      }
    }

    Slot altitude = null;
    AltitudeBand band = Footprint.band(plan);
    if (!Double.isFinite(band.lower()) || !Double.isFinite(band.upper())) {
      notes.add("no altitude shift: the plan's altitude band is unbounded");
    } else {
      List<SlotFinder.AltitudeInterval> alts = SlotFinder.altitudeIntervals(plan, obstacles);
      double up = Math.min(limits.maxClimbM(), limits.maxAltitudeM() - band.upper());
      double down = Math.min(limits.maxDescentM(), band.lower() - limits.minAltitudeM());
      OptionalDouble u = up >= 0 ? SlotFinder.earliestAltitude(alts, up, limits.stepM()) : OptionalDouble.empty();
      OptionalDouble d = down >= 0 ? SlotFinder.latestAltitude(alts, down, limits.stepM()) : OptionalDouble.empty();
      Double best = null;
      if (u.isPresent()) {
        best = u.getAsDouble();
      }
      if (d.isPresent() && (best == null || -d.getAsDouble() < best)) {
        best = d.getAsDouble();
      }
      if (best != null) {
        altitude = checked(new Slot("altitude", best, shiftAltitude(plan, best)), priority, neighbours, policy, self);
      } else {
        notes.add("no conflict-free altitude band within " + limits.maxClimbM() + " m up or " + limits.maxDescentM()
            + " m down (max_climb_m, max_descent_m, min_altitude_m, max_altitude_m)");
      }
    }
    return new Suggestions(later, earlier, altitude, notes, limits);
  }

  /** The slot, once the exact conflict check confirms it; anything else is a bug in the finder. */
  private static Slot checked(Slot slot, long priority, List<Neighbour> neighbours, SeparationPolicy policy, String self) {
    for (Conflict c : Conflict.of(slot.volumes(), priority, neighbours, policy, self)) {
      if (c.blocking()) {
        throw new IllegalStateException("slot " + slot.kind() + " " + slot.shift() + " still conflicts: " + c.summary());
      }
    }
    return slot;
  }

  static List<Volume4D> shiftTime(List<Volume4D> plan, long nanos) {
    Duration d = Duration.ofNanos(nanos);
    List<Volume4D> out = new ArrayList<>(plan.size());
    for (Volume4D v : plan) {
      out.add(new Volume4D(v.outline(), v.altitude(), new TimeWindow(v.time().start().plus(d), v.time().end().plus(d))));
    }
    return out;
  }

  static List<Volume4D> shiftAltitude(List<Volume4D> plan, double metres) {
    List<Volume4D> out = new ArrayList<>(plan.size());
    for (Volume4D v : plan) {
      out.add(new Volume4D(v.outline(), new AltitudeBand(v.altitude().lower() + metres, v.altitude().upper() + metres), v.time()));
    }
    return out;
  }

  Slot take(String kind) {
    return "altitude".equals(kind) ? altitude : time != null ? time : earlier;
  }

  ObjectNode toJson(PlanRequest request) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (time != null) {
      n.set("time", slot(time, request));
    }
    if (earlier != null) {
      n.set("time_earlier", slot(earlier, request));
    }
    if (altitude != null) {
      n.set("altitude", slot(altitude, request));
    }
    ArrayNode ns = n.putArray("notes");
    notes.forEach(ns::add);
    n.set("limits", limits.toJson());
    return n;
  }

  private static ObjectNode slot(Slot s, PlanRequest request) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (s.kind().equals("time")) {
      o.put("shift_s", s.shift());
      TimeWindow w = Footprint.span(s.volumes());
      o.put("time_start", w.start().toString());
      o.put("time_end", w.end().toString());
    } else {
      o.put("shift_m", s.shift());
      AltitudeBand b = Footprint.band(s.volumes());
      o.put("altitude_lower_m", b.lower());
      o.put("altitude_upper_m", b.upper());
    }
    o.set("plan", request.withVolumes(s.volumes()).toJson());
    return o;
  }
}
