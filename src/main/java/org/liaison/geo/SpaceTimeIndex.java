package org.liaison.geo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An in-memory 4D index: S2 cells map to the entries that cover them; candidates are then
 * filtered by time, altitude and exact geometry. Not thread-safe: the owner serializes writers
 * and guards readers.
 *
 * @param <K> the entry key
 */
public final class SpaceTimeIndex<K> {
  private record Entry<K>(K key, List<Volume4D> volumes, long[] cells) {}

  private final Map<Long, List<Entry<K>>> byCell = new HashMap<>();
  private final Map<K, Entry<K>> byKey = new HashMap<>();

  /** Adds or replaces the entry for {@code key}. */
  public void put(K key, List<Volume4D> volumes) {
    remove(key);
    Entry<K> e = new Entry<>(key, List.copyOf(volumes), Cells.cover(volumes));
    byKey.put(key, e);
    for (long c : e.cells) {
      byCell.computeIfAbsent(c, x -> new ArrayList<>(2)).add(e);
    }
  }

  public boolean remove(K key) {
    Entry<K> e = byKey.remove(key);
    if (e == null) {
      return false;
    }
    for (long c : e.cells) {
      List<Entry<K>> list = byCell.get(c);
      list.remove(e);
      if (list.isEmpty()) {
        byCell.remove(c);
      }
    }
    return true;
  }

  public int size() {
    return byKey.size();
  }

  public Collection<K> keys() {
    return byKey.keySet();
  }

  /** Keys of entries with a volume that overlaps any of {@code query} (ASTM overlap). */
  public List<K> query(List<Volume4D> query) {
    return query(query, k -> true);
  }

  /** As {@link #query(List)}, keeping only keys that pass {@code filter} before exact tests. */
  public List<K> query(List<Volume4D> query, Predicate<K> filter) {
    List<K> out = new ArrayList<>();
    Set<K> seen = new HashSet<>();
    for (long c : Cells.cover(query)) {
      List<Entry<K>> list = byCell.get(c);
      if (list == null) {
        continue;
      }
      for (Entry<K> e : list) {
        if (seen.add(e.key) && filter.test(e.key) && overlapsAny(e.volumes, query)) {
          out.add(e.key);
        }
      }
    }
    return out;
  }

  static boolean overlapsAny(List<Volume4D> a, List<Volume4D> b) {
    for (Volume4D x : a) {
      for (Volume4D y : b) {
        if (x.overlaps(y)) {
          return true;
        }
      }
    }
    return false;
  }
}
