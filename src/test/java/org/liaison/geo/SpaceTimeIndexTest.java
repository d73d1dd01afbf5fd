package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The index under concurrent readers, re-entrant filters, and times beyond nanosecond range. */
class SpaceTimeIndexTest {
  private static SpaceTimeIndex<Integer> indexOf(List<List<Volume4D>> notices) {
    SpaceTimeIndex<Integer> index = new SpaceTimeIndex<>();
    for (int i = 0; i < notices.size(); i++) {
      index.put(i, notices.get(i));
    }
    return index;
  }

  /** Dense enough that most queries find something: 2 000 notices in a 30 km square. */
  private static List<List<Volume4D>> denseNotices(Notices random, int count) {
    List<List<Volume4D>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Volume4D v = random.notice().get(0);
      LatLng c =
          Shapes.shift(
              Notices.REGION_CENTER, (i % 45) * 700.0 - 15_000, (i / 45) * 700.0 - 15_000);
      out.add(List.of(new Volume4D(new Circle(c, 400), v.altitude(), v.time())));
    }
    return out;
  }

  @Test
  void concurrent_readers_get_what_one_reader_gets() throws Exception {
    Notices random = new Notices(3);
    SpaceTimeIndex<Integer> index = indexOf(denseNotices(random, 2_000));
    List<List<Volume4D>> queries = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Volume4D q = random.query().get(0);
      LatLng c =
          Shapes.shift(
              Notices.REGION_CENTER, (i % 20) * 1_500.0 - 15_000, (i / 20) * 3_000.0 - 15_000);
      queries.add(List.of(new Volume4D(new Circle(c, 2_000), AltitudeBand.ANY, q.time())));
    }
    List<HashSet<Integer>> expected = new ArrayList<>();
    for (List<Volume4D> q : queries) {
      expected.add(new HashSet<>(index.query(q)));
    }
    assertThat(expected).anyMatch(s -> s.size() > 3);

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        readers.add(
            () -> {
              for (int round = 0; round < 20; round++) {
                for (int i = 0; i < queries.size(); i++) {
                  int k = (i + offset * 37) % queries.size();
                  if (!new HashSet<>(index.query(queries.get(k))).equals(expected.get(k))) {
                    return false;
                  }
                }
              }
              return true;
            });
      }
      for (Future<Boolean> f : pool.invokeAll(readers)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_filter_may_query_the_index_itself() {
    Notices random = new Notices(5);
    SpaceTimeIndex<Integer> index = indexOf(denseNotices(random, 500));
    List<Volume4D> everywhere =
        List.of(
            new Volume4D(
                new Circle(Notices.REGION_CENTER, 25_000), AltitudeBand.ANY, TimeWindow.ALWAYS));
    List<Integer> all = index.query(everywhere);

    List<Integer> nested = index.query(everywhere, k -> index.query(everywhere).contains(k));

    assertThat(all).hasSize(500);
    assertThat(nested).containsExactlyInAnyOrderElementsOf(all);
  }

  @Provide
  Arbitrary<List<Integer>> keyOps() {
    return Arbitraries.integers().between(-150, 150).list().ofMinSize(1).ofMaxSize(800);
  }

  /**
   * The key table against a set: op k ≥ 0 puts key k, op k < 0 removes key -k. Keys are strings
   * with equal hash codes in pairs ("Aa" and "BB" hash alike), so probing must compare keys; half
   * the entries have no volumes.
   */
  @Property(tries = 100)
  void keys_behave_like_a_set(@ForAll("keyOps") List<Integer> ops) {
    SpaceTimeIndex<String> index = new SpaceTimeIndex<>();
    Map<String, Boolean> model = new HashMap<>();
    List<Volume4D> volume = new Notices(1).notice();
    for (int op : ops) {
      String key = (Math.abs(op) % 2 == 0 ? "Aa" : "BB") + Math.abs(op) / 2;
      if (op >= 0) {
        boolean withVolume = op % 3 != 0;
        index.put(key, withVolume ? volume : List.of());
        model.put(key, withVolume);
      } else {
        assertThat(index.remove(key)).isEqualTo(model.remove(key) != null);
      }
      assertThat(index.size()).isEqualTo(model.size());
    }
    assertThat(index.values()).containsExactlyInAnyOrderElementsOf(model.keySet());
    assertThat(index.query(volume))
        .containsExactlyInAnyOrderElementsOf(
            model.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList());
  }

  @Provide
  Arbitrary<Instant> instants() {
    Arbitrary<Instant> near =
        Arbitraries.longs()
            .between(-300L * 365 * 86_400, 300L * 365 * 86_400)
            .flatMap(
                s ->
                    Arbitraries.integers()
                        .between(0, 999_999_999)
                        .map(n -> Instant.ofEpochSecond(s, n)));
    Arbitrary<Instant> far =
        Arbitraries.longs()
            .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
            .map(Instant::ofEpochSecond);
    return Arbitraries.oneOf(near, far, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH));
  }

  /** The time test may let non-overlapping windows through, but never rejects overlapping ones. */
  @Property(tries = 2000)
  void an_earlier_start_stays_before_a_later_end_in_nanoseconds(
      @ForAll("instants") Instant a, @ForAll("instants") Instant b) {
    long start = SpaceTimeIndex.nanos(a, Long.MIN_VALUE, Long.MAX_VALUE - 1);
    long end = SpaceTimeIndex.nanos(b, Long.MIN_VALUE + 1, Long.MAX_VALUE);
    if (a.isBefore(b)) {
      assertThat(start).isLessThan(end);
    }
    boolean inRange =
        Math.abs(a.getEpochSecond()) < 9_000_000_000L
            && Math.abs(b.getEpochSecond()) < 9_000_000_000L;
    if (!a.isBefore(b) && inRange) {
      assertThat(start).as("exact within ±285 years").isGreaterThanOrEqualTo(end);
    }
  }
}
