package org.liaison.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SpaceTimeIndex} insert, remove and query with {@link Notices}: 10⁴ to 10⁶ small notices
 * over 1000 km × 1000 km and 24 h; a query is a 2 km-radius circle, a 1 h window and a band. Insert
 * and remove keep the index at its size: each inserted notice is removed again, and each removed
 * one was inserted just before, outside the timed region. Run from the project root:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main \
 *     IndexBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 *
 * Scores are per operation in µs; SampleTime mode prints the median as p0.50. Each fork builds its
 * own index, so with these settings the whole run takes about ten minutes. {@link IndexFootprint}
 * measures the heap the index uses.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class IndexBenchmark {
  private static final int POOL = 1 << 12;

  @Param({"10000", "100000", "1000000"})
  int notices;

  SpaceTimeIndex<Integer> index;
  List<List<Volume4D>> queries;

  /** Notices not in the index, under keys from {@code notices} upwards. */
  List<List<Volume4D>> spares;

  private int nextQuery;

  @Setup(Level.Trial)
  public void build() {
    Notices random = new Notices(42);
    index = new SpaceTimeIndex<>();
    for (int i = 0; i < notices; i++) {
      index.put(i, random.notice());
    }
    Notices queryRandom = new Notices(7);
    queries = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      queries.add(queryRandom.query());
    }
    spares = new Notices(99).notices(POOL);
  }

  @Benchmark
  public List<Integer> query() {
    return index.query(queries.get(nextQuery++ & (POOL - 1)));
  }

  /** Picks a spare notice to insert, and takes it out again after the timed call. */
  @State(Scope.Thread)
  public static class Insertion {
    int next;
    int key;
    List<Volume4D> volumes;

    @Setup(Level.Invocation)
    public void pick(IndexBenchmark b) {
      int i = next++ & (POOL - 1);
      key = b.notices + i;
      volumes = b.spares.get(i);
    }

    @TearDown(Level.Invocation)
    public void undo(IndexBenchmark b) {
      b.index.remove(key);
    }
  }

  @Benchmark
  public void insert(Insertion insertion) {
    index.put(insertion.key, insertion.volumes);
  }

  /** Inserts a spare notice before the timed call removes it. */
  @State(Scope.Thread)
  public static class Removal {
    int next;
    int key;

    @Setup(Level.Invocation)
    public void add(IndexBenchmark b) {
      int i = next++ & (POOL - 1);
      key = b.notices + i;
      b.index.put(key, b.spares.get(i));
    }
  }

  @Benchmark
  public boolean remove(Removal removal) {
    return index.remove(removal.key);
  }
}
