package org.liaison.geo;

import com.google.common.geometry.S2CellId;
import com.google.common.geometry.S2RegionCoverer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Cells#cover} of a 2 km-radius circle and of a 1 km² square at random places in the {@link
 * Notices} region, and of a one-volume list as {@link SpaceTimeIndex#query} calls it. Run from the
 * project root (classpath as in {@link IndexBenchmark}):
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main \
 *     CoveringBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CoveringBenchmark {
  private static final int POOL = 1 << 10;

  List<Circle> circles;
  List<Polygon> squares;
  List<List<Volume4D>> queries;
  private int next;

  @Setup(Level.Trial)
  public void build() {
    Notices random = new Notices(7);
    circles = new ArrayList<>(POOL);
    squares = new ArrayList<>(POOL);
    queries = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      circles.add(new Circle(random.place(), 2_000));
      squares.add(random.squareKm());
      queries.add(random.query());
    }
  }

  @Benchmark
  public long[] circle2km() {
    return Cells.cover(circles.get(next++ & (POOL - 1)));
  }

  private static final S2RegionCoverer COVERER =
      S2RegionCoverer.builder()
          .setMinLevel(Cells.LEVEL)
          .setMaxLevel(Cells.LEVEL)
          .setMaxCells(1 << 20)
          .build();

  /**
   * What {@link Cells#cover} did before it walked the face grid, for comparison in the same run:
   * {@code S2RegionCoverer} fixed at level {@value Cells#LEVEL}, as sorted ids.
   */
  @Benchmark
  public long[] circle2kmRegionCoverer() {
    ArrayList<S2CellId> ids = new ArrayList<>();
    COVERER.getCovering(circles.get(next++ & (POOL - 1)).region(), ids);
    long[] out = new long[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i).id();
    }
    Arrays.sort(out);
    return out;
  }

  @Benchmark
  public long[] squareKm2() {
    return Cells.cover(squares.get(next++ & (POOL - 1)));
  }

  /** The covering step of a query: the circle through the list overload. */
  @Benchmark
  public long[] queryVolumes() {
    return Cells.cover(queries.get(next++ & (POOL - 1)));
  }
}
