package org.liaison.publication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Groups published volumes into danger areas and keeps them as volumes come and go.
 *
 * <p>A group is a connected set of volumes whose padded outlines, bands and windows overlap. Each
 * area is a pure function of its group's members (sorted by key), and the groups are a pure
 * function of the set of volumes, so applying changes one by one gives exactly what a build from
 * scratch gives. A change recomputes only the groups it leaves or joins; the rest keep their
 * areas. Not thread-safe: {@link Publication} serializes access.
 */
final class Aggregator {
  private final PublicationConfig config;
  private final byte[] salt;
  private final Map<UUID, List<Contribution>> byNotice = new HashMap<>();
  private final Grid index = new Grid();
  private final Map<Contribution, Group> groupOf = new IdentityHashMap<>();
  private final Map<String, DangerArea> areas = new TreeMap<>();

  /** A group and the area made of it. */
  private static final class Group {
    final List<Contribution> members;
    final DangerArea area;

    Group(List<Contribution> members, DangerArea area) {
      this.members = members;
      this.area = area;
    }
  }

  /** @param salt keeps area ids from revealing which notice anchors them */
  Aggregator(PublicationConfig config, byte[] salt) {
    this.config = config;
    this.salt = salt.clone();
  }

  PublicationConfig config() {
    return config;
  }

  /** The volumes a notice contributes, for {@link #update}. */
  List<Contribution> contributions(Notice n, List<Integer> eligible) {
    List<Contribution> out = new ArrayList<>();
    for (int i : eligible) {
      out.add(Contribution.of(n.id() + ":" + i, n.volumes().get(i), config));
    }
    return out;
  }

  /**
   * Replaces the contributions of each notice in {@code changes} (an empty list removes it) and
   * recomputes the groups they touch.
   *
   * @return how many groups were recomputed
   */
  int update(Map<UUID, List<Contribution>> changes) {
    Set<Group> affected = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Contribution> pool = new ArrayList<>();
    for (var e : changes.entrySet()) {
      List<Contribution> old = byNotice.remove(e.getKey());
      if (old != null) {
        for (Contribution c : old) {
          index.remove(c);
          affected.add(groupOf.remove(c));
        }
      }
      if (!e.getValue().isEmpty()) {
        byNotice.put(e.getKey(), List.copyOf(e.getValue()));
      }
    }
    for (List<Contribution> added : changes.values()) {
      for (Contribution c : added) {
        for (Contribution o : neighbours(c)) {
          affected.add(groupOf.get(o));
        }
        pool.add(c);
      }
    }
    for (List<Contribution> added : changes.values()) {
      for (Contribution c : added) {
        index.insert(c);
      }
    }
    // Members of an affected group that were not just removed are grouped again with the new ones.
    for (Group g : affected) {
      if (g == null) {
        continue;
      }
      areas.remove(g.area.id());
      for (Contribution m : g.members) {
        if (groupOf.get(m) == g) {
          groupOf.remove(m);
          pool.add(m);
        }
      }
    }
    regroup(pool);
    return affected.size();
  }

  private List<Contribution> neighbours(Contribution c) {
    List<Contribution> out = new ArrayList<>();
    for (Contribution other : index.query(c.shape().getEnvelopeInternal())) {
      if (c.joins(other)) {
        out.add(other);
      }
    }
    return out;
  }

  /** Splits {@code pool} into connected groups and builds each one's area. */
  private void regroup(List<Contribution> pool) {
    Set<Contribution> inPool = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    inPool.addAll(pool);
    pool.sort(Comparator.comparing(Contribution::key));
    Set<Contribution> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Contribution seed : pool) {
      if (!seen.add(seed)) {
        continue;
      }
      List<Contribution> members = new ArrayList<>();
      ArrayDeque<Contribution> todo = new ArrayDeque<>(List.of(seed));
      while (!todo.isEmpty()) {
        Contribution c = todo.pop();
        members.add(c);
        for (Contribution n : neighbours(c)) {
          if (inPool.contains(n) && seen.add(n)) {
            todo.push(n);
          }
        }
      }
      members.sort(Comparator.comparing(Contribution::key));
      Group g = new Group(List.copyOf(members), area(members));
      members.forEach(m -> groupOf.put(m, g));
      areas.put(g.area.id(), g.area);
    }
  }

  private DangerArea area(List<Contribution> members) {
    List<Geometry> shapes = new ArrayList<>(members.size());
    int lower = Integer.MAX_VALUE;
    int upper = 0;
    Instant start = Instant.MAX;
    Instant end = Instant.MIN;
    for (Contribution m : members) {
      shapes.add(m.shape());
      lower = Math.min(lower, m.lowerFt());
      upper = Math.max(upper, m.upperFt());
      start = m.start().isBefore(start) ? m.start() : start;
      end = m.end().isAfter(end) ? m.end() : end;
    }
    int points = 0;
    for (Geometry g : shapes) {
      points += g.getNumPoints();
    }
    // A union this large would be reduced to its convex hull anyway: take the hull of the members
    // at once, which holds the union, and skip the overlay.
    Geometry union = shapes.size() == 1 ? shapes.get(0)
        : points > Shapes.SIMPLIFY_FACTOR * config.maxVertices()
            ? Shapes.GF.buildGeometry(shapes).convexHull()
            : UnaryUnionOp.union(shapes);
    // A quarter of the buffer for simplification leaves the rest for the arc-second grid and the
    // local planes' error (docs/publication.md, "Why the volumes stay inside").
    var outline = Shapes.outline(union, config.bufferM() / 4, config.maxVertices());
    return new DangerArea(id(members.get(0).key()), outline, lower, upper, start, end);
  }

  private String id(String anchorKey) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      md.update(anchorKey.getBytes(StandardCharsets.UTF_8));
      return "DA-" + HexFormat.of().formatHex(md.digest(), 0, 6).toUpperCase(java.util.Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The areas, by id. */
  Map<String, DangerArea> areas() {
    return java.util.Collections.unmodifiableMap(areas);
  }

  int volumes() {
    return groupOf.size();
  }

  /** Package-private for tests: every notice id with contributions. */
  Set<UUID> notices() {
    return new HashSet<>(byNotice.keySet());
  }
}
