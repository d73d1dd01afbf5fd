package org.liaison.node;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
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
 * The slot finder for a three-volume plan among {@code neighbours} operations of three volumes
 * each, packed into 10 km and three hours, so most pairs are near. Run from the project root:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main \
 *     SlotFinderBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SlotFinderBenchmark {
  @Param({"10", "100", "1000"})
  public int neighbours;

  List<Volume4D> plan;
  List<SlotFinder.Obstacle> obstacles;

  @Setup(Level.Trial)
  public void build() {
    Random r = new Random(11);
    Instant base = Instant.parse("2030-01-01T00:00:00Z");
    plan = volumes(r, base);
    obstacles = new ArrayList<>();
    for (int i = 0; i < neighbours; i++) {
      obstacles.add(new SlotFinder.Obstacle(volumes(r, base), SeparationPolicy.DEFAULT));
    }
  }

  private static List<Volume4D> volumes(Random r, Instant base) {
    List<Volume4D> vs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      double lo = r.nextInt(500);
      long start = r.nextInt(3 * 3600);
      vs.add(new Volume4D(new Circle(new LatLng(45 + r.nextDouble() * 0.09, 7 + r.nextDouble() * 0.13), 200 + r.nextInt(1500)),
          new AltitudeBand(lo, lo + 50 + r.nextInt(150)), new TimeWindow(base.plusSeconds(start), base.plusSeconds(start + 600 + r.nextInt(3000)))));
    }
    return vs;
  }

  @Benchmark
  public OptionalLong earliestStart() {
    return SlotFinder.earliestTime(SlotFinder.timeIntervals(plan, obstacles), 86_400_000_000_000L, 1_000_000_000L);
  }

  @Benchmark
  public OptionalDouble nearestClimb() {
    return SlotFinder.earliestAltitude(SlotFinder.altitudeIntervals(plan, obstacles), 10_000, 1);
  }
}
