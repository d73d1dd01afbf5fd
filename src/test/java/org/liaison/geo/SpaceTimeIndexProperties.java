package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The index against the dumb thing: random put, remove and query sequences must give exactly what a
 * scan of every live entry with {@link Volume4D#overlaps} gives.
 */
class SpaceTimeIndexProperties {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant FAR = Instant.parse("9000-01-01T00:00:00Z");

  sealed interface Op permits Put, Remove, Query {}

  record Put(int key, List<Volume4D> volumes) implements Op {}

  record Remove(int key) implements Op {}

  /**
   * A query; with {@code evenKeysOnly} it goes through the filtering overload, and with {@code
   * withCovering} through the one given a precomputed covering.
   */
  record Query(List<Volume4D> volumes, boolean evenKeysOnly, boolean withCovering) implements Op {}

  record Scenario(LatLng base, List<Op> ops) {}

  /** A volume before it is put at a place: an offset from the base and everything else. */
  record VolumeSpec(
      double east,
      double north,
      GeoArbitraries.ShapeSpec shape,
      AltitudeBand band,
      TimeWindow time) {
    Volume4D at(LatLng base) {
      return new Volume4D(shape.at(Shapes.shift(base, east, north)).outline(), band, time);
    }
  }

  /** An operation before it is put at a place; key -1 marks a query. */
  record OpSpec(
      int key, boolean remove, List<VolumeSpec> volumes, boolean evenKeysOnly, boolean covering) {
    Op at(LatLng base) {
      if (remove) {
        return new Remove(key);
      }
      List<Volume4D> vs = volumes.stream().map(v -> v.at(base)).toList();
      return key < 0 ? new Query(vs, evenKeysOnly, covering) : new Put(key, vs);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Combinators.combine(
            GeoArbitraries.anywhere(), opSpecs().list().ofMinSize(1).ofMaxSize(40))
        .as((base, specs) -> new Scenario(base, specs.stream().map(s -> s.at(base)).toList()));
  }

  private static Arbitrary<OpSpec> opSpecs() {
    Arbitrary<Integer> keys = Arbitraries.integers().between(0, 11);
    Arbitrary<OpSpec> put =
        Combinators.combine(keys, volumeSpecs().list().ofMinSize(1).ofMaxSize(3))
            .as((k, vs) -> new OpSpec(k, false, vs, false, false));
    Arbitrary<OpSpec> remove = keys.map(k -> new OpSpec(k, true, List.of(), false, false));
    Arbitrary<OpSpec> query =
        Combinators.combine(
                volumeSpecs().list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.of(false, false, true),
                Arbitraries.of(false, false, true))
            .as((vs, even, covering) -> new OpSpec(-1, false, vs, even, covering));
    return Arbitraries.frequencyOf(Tuple.of(4, put), Tuple.of(1, remove), Tuple.of(3, query));
  }

  /**
   * A small outline in a 20 km box, on a coarse altitude and time grid so bounds often touch.
   * Centres cluster in the middle 6 km of the box so that outlines often meet.
   */
  private static Arbitrary<VolumeSpec> volumeSpecs() {
    Arbitrary<Double> offset =
        Arbitraries.frequencyOf(
            Tuple.of(2, GeoArbitraries.uniform(-3_000, 3_000)),
            Tuple.of(1, GeoArbitraries.uniform(-10_000, 10_000)));
    Arbitrary<AltitudeBand> band =
        Arbitraries.frequencyOf(
            Tuple.of(
                8,
                Combinators.combine(
                        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 3))
                    .as((low, height) -> new AltitudeBand(30 * low, 30 * (low + height)))),
            Tuple.of(1, Arbitraries.just(AltitudeBand.ANY)));
    Arbitrary<TimeWindow> window =
        Arbitraries.frequencyOf(
            Tuple.of(12, grid(T0, Duration.ofMinutes(10))),
            // Beyond 2262 the index's nanosecond times saturate; touching windows must still not
            // overlap, and open-ended ones must overlap everything after their start.
            Tuple.of(1, grid(FAR, Duration.ofNanos(1))),
            Tuple.of(1, Arbitraries.of(
                TimeWindow.ALWAYS,
                new TimeWindow(Instant.MIN, T0.plus(Duration.ofMinutes(30))),
                new TimeWindow(T0.plus(Duration.ofMinutes(30)), Instant.MAX),
                new TimeWindow(FAR, Instant.MAX))));
    return Combinators.combine(offset, offset, GeoArbitraries.shapeSpecs(100, 2_500), band, window)
        .as(VolumeSpec::new);
  }

  /** Windows of 1 to 4 steps, starting 0 to 10 steps after {@code origin}. */
  private static Arbitrary<TimeWindow> grid(Instant origin, Duration step) {
    return Combinators.combine(
            Arbitraries.integers().between(0, 10), Arbitraries.integers().between(1, 4))
        .as(
            (start, length) ->
                new TimeWindow(
                    origin.plus(step.multipliedBy(start)),
                    origin.plus(step.multipliedBy(start + length))));
  }

  /**
   * Many small volumes in a 3 km box: the index's filing cells (level {@value
   * SpaceTimeIndex#FILING_LEVEL}) fill past a bucket's inline slots into the spill and empty again;
   * windows on a 50-minute and a 3-hour grid, so that the slots' hour summaries (modulo 12 hours)
   * differ and wrap round, and bands across the 100 m bins.
   */
  @Provide
  Arbitrary<Scenario> crowdedScenarios() {
    Arbitrary<Double> offset = GeoArbitraries.uniform(-1_500, 1_500);
    Arbitrary<AltitudeBand> band =
        Combinators.combine(
                Arbitraries.integers().between(0, 6), Arbitraries.integers().between(1, 3))
            .as((low, height) -> new AltitudeBand(60 * low, 60 * (low + height)));
    Arbitrary<TimeWindow> window =
        Arbitraries.oneOf(grid(T0, Duration.ofMinutes(50)), grid(T0, Duration.ofHours(3)));
    Arbitrary<VolumeSpec> volume =
        Combinators.combine(offset, offset, GeoArbitraries.shapeSpecs(100, 600), band, window)
            .as(VolumeSpec::new);
    Arbitrary<Integer> keys = Arbitraries.integers().between(0, 59);
    Arbitrary<OpSpec> put =
        Combinators.combine(keys, volume.list().ofMinSize(1).ofMaxSize(2))
            .as((k, vs) -> new OpSpec(k, false, vs, false, false));
    Arbitrary<OpSpec> remove = keys.map(k -> new OpSpec(k, true, List.of(), false, false));
    Arbitrary<OpSpec> query =
        Combinators.combine(volume.list().ofMinSize(1).ofMaxSize(2), Arbitraries.of(false, true))
            .as((vs, covering) -> new OpSpec(-1, false, vs, false, covering));
    return Combinators.combine(
            GeoArbitraries.anywhere(),
            Arbitraries.frequencyOf(Tuple.of(6, put), Tuple.of(2, remove), Tuple.of(2, query))
                .list()
                .ofMinSize(40)
                .ofMaxSize(150))
        .as((base, specs) -> new Scenario(base, specs.stream().map(s -> s.at(base)).toList()));
  }

  @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
  void crowded_cells_answer_as_a_brute_force_scan(@ForAll("crowdedScenarios") Scenario scenario) {
    answersAsBruteForce(scenario);
    // The most volumes filed under one cell at any time, to check the spill is exercised.
    Map<Long, Integer> filed = new HashMap<>();
    Map<Integer, List<Volume4D>> live = new HashMap<>();
    int most = 0;
    for (Op op : scenario.ops()) {
      List<Volume4D> gone =
          op instanceof Put put ? live.put(put.key(), put.volumes())
              : op instanceof Remove remove ? live.remove(remove.key()) : null;
      if (gone != null) {
        gone.forEach(v -> fileUnder(filed, v, -1));
      }
      if (op instanceof Put put) {
        put.volumes().forEach(v -> fileUnder(filed, v, 1));
      }
      most = Math.max(most, filed.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    }
    Statistics.label("most volumes in a cell")
        .collect(most > CellMap.INLINE ? "spilled" : "inline only");
    Statistics.label("most volumes in a cell")
        .coverage(c -> c.check("spilled").percentage(p -> p >= 30));
  }

  private static void fileUnder(Map<Long, Integer> filed, Volume4D v, int change) {
    long[] cells = Cells.cover(v.outline());
    for (int i = 0, n = SpaceTimeIndex.filingCells(cells, cells.length); i < n; i++) {
      filed.merge(cells[i], change, Integer::sum);
    }
  }

  @Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
  void query_returns_exactly_what_a_brute_force_scan_returns(
      @ForAll("scenarios") Scenario scenario) {
    answersAsBruteForce(scenario);
    // Guards against a generator drifting into queries that never find anything.
    Statistics.label("query hits").coverage(c -> c.check("some").percentage(p -> p >= 10));
  }

  private static void answersAsBruteForce(Scenario scenario) {
    SpaceTimeIndex<Integer> index = new SpaceTimeIndex<>();
    Map<Integer, List<Volume4D>> live = new HashMap<>();
    Map<Integer, long[]> liveCells = new HashMap<>();

    for (Op op : scenario.ops()) {
      if (op instanceof Put put) {
        index.put(put.key(), put.volumes());
        live.put(put.key(), put.volumes());
        liveCells.put(put.key(), Cells.cover(put.volumes()));
      } else if (op instanceof Remove remove) {
        assertThat(index.remove(remove.key())).isEqualTo(live.remove(remove.key()) != null);
        liveCells.remove(remove.key());
      } else if (op instanceof Query query) {
        Predicate<Integer> filter = query.evenKeysOnly() ? k -> k % 2 == 0 : k -> true;
        List<Integer> found =
            query.withCovering()
                ? index.query(query.volumes(), Cells.cover(query.volumes()), filter)
                : query.evenKeysOnly()
                    ? index.query(query.volumes(), filter)
                    : index.query(query.volumes());
        Set<Integer> expected = bruteForce(live, query.volumes(), filter);

        assertThat(found).as("query %s", query).doesNotHaveDuplicates();
        assertThat(new HashSet<>(found)).as("query %s", query).isEqualTo(expected);
        Statistics.label("query hits").collect(expected.isEmpty() ? "none" : "some");
        Statistics.label("candidates the exact test rejects")
            .collect(
                sharesCellWithoutOverlap(
                        liveCells, bruteForce(live, query.volumes(), k -> true), query.volumes())
                    ? "some"
                    : "none");
      }
      assertThat(index.size()).isEqualTo(live.size());
      assertThat(index.values()).containsExactlyInAnyOrderElementsOf(live.keySet());
    }
  }

  private static Set<Integer> bruteForce(
      Map<Integer, List<Volume4D>> live, List<Volume4D> query, Predicate<Integer> filter) {
    Set<Integer> out = new HashSet<>();
    for (Map.Entry<Integer, List<Volume4D>> e : live.entrySet()) {
      if (!filter.test(e.getKey())) {
        continue;
      }
      for (Volume4D v : e.getValue()) {
        for (Volume4D q : query) {
          if (v.overlaps(q)) {
            out.add(e.getKey());
          }
        }
      }
    }
    return out;
  }

  /** True when some live entry shares a covering cell with the query yet does not overlap it. */
  private static boolean sharesCellWithoutOverlap(
      Map<Integer, long[]> liveCells, Set<Integer> overlapping, List<Volume4D> query) {
    long[] queryCells = Cells.cover(query);
    for (Map.Entry<Integer, long[]> e : liveCells.entrySet()) {
      if (!overlapping.contains(e.getKey())) {
        for (long c : e.getValue()) {
          if (Arrays.binarySearch(queryCells, c) >= 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
  void removing_every_key_leaves_no_stale_cell_to_find(@ForAll("scenarios") Scenario scenario) {
    SpaceTimeIndex<Integer> index = new SpaceTimeIndex<>();
    List<Volume4D> everything = new ArrayList<>();
    for (Op op : scenario.ops()) {
      if (op instanceof Put put) {
        index.put(put.key(), put.volumes());
        everything.addAll(put.volumes());
      }
    }
    for (Integer key : new ArrayList<>(index.values())) {
      index.remove(key);
    }

    assertThat(index.size()).isZero();
    assertThat(index.query(everything)).isEmpty();
  }
  /**
   * {@link SpaceTimeIndex#putAll} into an empty index, and into one already holding some of the
   * keys, answers every query as putting each entry one at a time does.
   */
  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void put_all_answers_as_putting_each(@ForAll("scenarios") Scenario scenario) {
    Map<Integer, List<Volume4D>> live = new HashMap<>();
    List<Query> queries = new ArrayList<>();
    Map<Integer, List<Volume4D>> earlier = new HashMap<>();
    for (Op op : scenario.ops()) {
      if (op instanceof Put p) {
        if (live.size() < 3) {
          earlier.put(p.key(), p.volumes());
        }
        live.put(p.key(), p.volumes());
      } else if (op instanceof Remove r) {
        live.remove(r.key());
      } else if (op instanceof Query q) {
        queries.add(q);
      }
    }
    SpaceTimeIndex<Integer> one = new SpaceTimeIndex<>();
    live.forEach(one::put);
    SpaceTimeIndex<Integer> fresh = new SpaceTimeIndex<>();
    fresh.putAll(live.keySet(), live::get);
    SpaceTimeIndex<Integer> replacing = new SpaceTimeIndex<>();
    earlier.forEach(replacing::put);
    replacing.putAll(live.keySet(), live::get);
    for (SpaceTimeIndex<Integer> bulk : List.of(fresh, replacing)) {
      Set<Integer> expectedKeys = new HashSet<>(live.keySet());
      if (bulk == replacing) {
        expectedKeys.addAll(earlier.keySet());
      }
      assertThat(new HashSet<>(bulk.values())).isEqualTo(expectedKeys);
      assertThat(bulk.size()).isEqualTo(expectedKeys.size());
      for (Query q : queries) {
        Set<Integer> got = new HashSet<>(bulk.query(q.volumes()));
        Set<Integer> want = new HashSet<>(one.query(q.volumes()));
        if (bulk == replacing) {
          // Keys put earlier and not in the map keep their earlier volumes.
          for (Integer k : earlier.keySet()) {
            if (!live.containsKey(k) && earlier.get(k).stream().anyMatch(v -> q.volumes().stream().anyMatch(v::overlaps))) {
              want.add(k);
            }
          }
        }
        assertThat(got).isEqualTo(want);
      }
      for (Integer k : live.keySet()) {
        assertThat(bulk.remove(k)).isTrue();
      }
    }
  }

  /**
   * {@link SpaceTimeIndex#putAllNew} of the entries in batches of three (room reserved first, or
   * not), as a start from a snapshot file adds them, answers every query as putting each does,
   * and its entries can then be removed and put again.
   */
  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void batches_of_new_keys_answer_as_putting_each(@ForAll("scenarios") Scenario scenario, @ForAll boolean reserve) {
    Map<Integer, List<Volume4D>> live = new HashMap<>();
    List<Query> queries = new ArrayList<>();
    for (Op op : scenario.ops()) {
      if (op instanceof Put p) {
        live.put(p.key(), p.volumes());
      } else if (op instanceof Remove r) {
        live.remove(r.key());
      } else if (op instanceof Query q) {
        queries.add(q);
      }
    }
    SpaceTimeIndex<Integer> one = new SpaceTimeIndex<>();
    live.forEach(one::put);
    SpaceTimeIndex<Integer> batched = new SpaceTimeIndex<>();
    if (reserve) {
      batched.reserve(live.size());
    }
    List<Integer> keys = new ArrayList<>(live.keySet());
    for (int from = 0; from < keys.size(); from += 3) {
      List<Integer> part = keys.subList(from, Math.min(keys.size(), from + 3));
      batched.putAllNew(SpaceTimeIndex.batch(part, part.stream().map(live::get).toList()));
    }
    assertThat(new HashSet<>(batched.values())).isEqualTo(live.keySet());
    assertThat(batched.size()).isEqualTo(live.size());
    for (Query q : queries) {
      assertThat(new HashSet<>(batched.query(q.volumes()))).isEqualTo(new HashSet<>(one.query(q.volumes())));
    }
    for (Integer k : keys) {
      assertThat(batched.remove(k)).isTrue();
    }
    for (Query q : queries) {
      assertThat(batched.query(q.volumes())).isEmpty();
    }
    live.forEach(batched::put);
    for (Query q : queries) {
      assertThat(new HashSet<>(batched.query(q.volumes()))).isEqualTo(new HashSet<>(one.query(q.volumes())));
    }
  }
}
