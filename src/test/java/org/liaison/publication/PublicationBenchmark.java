package org.liaison.publication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Aggregating {@code notices} active notices (operations and restrictions over a Levant-sized
 * region, all published, all active at once): from scratch, after one notice changes, and with
 * nothing changed (the cost of the scan alone, the same-run baseline). Run from the project root:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main \
 *     PublicationBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 *
 * <p>On a machine shared with other work, wall time says more about the neighbours than about
 * this code; {@link #main} measures the same three cases in CPU time of the calling thread:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.liaison.publication.PublicationBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PublicationBenchmark {
  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @Param("10000")
  int notices;

  List<Notice> day;
  Map<String, PartySettings> all;
  Publication live;
  private final List<Notice> moving = new ArrayList<>();
  private long version;

  /** Circles and polygons of 1 to 10 km over 8° by 8°, active now, in ten bands of 3 km. */
  static List<Notice> active(int n, long seed) {
    Random r = new Random(seed);
    List<Notice> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String party = Days.PARTIES.get(i % Days.PARTIES.size());
      LatLng c = new LatLng(29.5 + r.nextDouble() * 8, 34 + r.nextDouble() * 8);
      double lower = r.nextInt(10) * 3000;
      Instant start = NOW.minus(Duration.ofMinutes(r.nextInt(120)));
      Volume4D v = new Volume4D(new Circle(c, 1000 + r.nextDouble() * 9000), new AltitudeBand(lower, lower + 2000),
          new TimeWindow(start, NOW.plus(Duration.ofMinutes(30 + r.nextInt(600)))));
      Volume4D v2 = new Volume4D(Days.volume(r).outline(), v.altitude(), v.time());
      out.add(new Notice(new UUID(seed, i), party, i % 3 == 0 ? Notice.Kind.RESTRICTION : Notice.Kind.OPERATION, 1,
          r.nextBoolean() ? List.of(v) : List.of(v, new Volume4D(new Circle(new LatLng(c.lat() + 0.05, c.lng()), 4000),
              v2.altitude(), v2.time()))));
    }
    return out;
  }

  @Setup(Level.Trial)
  public void build() {
    day = active(notices, 7);
    all = new HashMap<>();
    Days.PARTIES.forEach(p -> all.put(p, Days.ALL));
    moving.addAll(day);
    live = publication(moving);
    live.refresh();
  }

  private Publication publication(List<Notice> ns) {
    Publication p = Publication.inMemory(() -> ns, PublicationConfig.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC), Days.SALT);
    all.forEach(p::setSettings);
    return p;
  }

  @Benchmark
  public int fromScratch() {
    return publication(day).refresh().areas().size();
  }

  @Benchmark
  public int oneNoticeChanged() {
    Notice n = moving.get(0);
    moving.set(0, new Notice(n.id(), n.party(), n.kind(), ++version + 1, n.volumes()));
    return live.refresh().areas().size();
  }

  @Benchmark
  public int nothingChanged() {
    return live.refresh().areas().size();
  }

  public static void main(String[] args) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    PublicationBenchmark b = new PublicationBenchmark();
    b.notices = 10_000;
    b.build();
    for (int round = 1; round <= 5; round++) {
      long t0 = mx.getCurrentThreadCpuTime();
      int areas = b.fromScratch();
      long t1 = mx.getCurrentThreadCpuTime();
      b.oneNoticeChanged();
      long t2 = mx.getCurrentThreadCpuTime();
      b.nothingChanged();
      long t3 = mx.getCurrentThreadCpuTime();
      System.out.printf(java.util.Locale.ROOT,
          "round %d: from scratch %.0f ms CPU (%d areas), one notice changed %.1f ms, nothing changed %.1f ms%n",
          round, (t1 - t0) / 1e6, areas, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
  }
}
