package org.liaison.geo;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Heap used per indexed notice, measured with {@link Runtime} after GC. Run from the project root
 * after building the test classpath (see {@link IndexBenchmark}):
 *
 * <pre>
 * java -Xmx8g -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     org.liaison.geo.IndexFootprint 1000000
 * </pre>
 *
 * It reports the notices' own volumes and the index on top of them separately. Each notice is
 * indexed as its own value, as the hub indexes each reference, which holds its id: the index adds
 * no key objects. The argument {@code boxed} keys them by a boxed {@code Integer} instead, 16
 * bytes more per notice, as this harness did before the index held values. The argument {@code
 * histogram} also prints the 25 largest classes on the heap, to see where the bytes go.
 */
public final class IndexFootprint {
  private IndexFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> options = Arrays.asList(args);
    long base = usedAfterGc();
    List<List<Volume4D>> notices = new Notices(42).notices(count);
    long volumes = usedAfterGc() - base;
    SpaceTimeIndex<?> index;
    if (options.contains("boxed")) {
      SpaceTimeIndex<Integer> byNumber = new SpaceTimeIndex<>();
      for (int i = 0; i < count; i++) {
        byNumber.put(i, notices.get(i));
      }
      index = byNumber;
    } else {
      SpaceTimeIndex<List<Volume4D>> byItself = new SpaceTimeIndex<>();
      for (List<Volume4D> notice : notices) {
        byItself.put(notice, notice);
      }
      index = byItself;
    }
    long total = usedAfterGc() - base;
    System.out.printf(
        "%d notices: volumes %d B/notice, index on top %d B/notice, total %d B/notice (%d MiB)%n",
        index.size(), volumes / count, (total - volumes) / count, total / count, total >> 20);
    if (options.contains("histogram")) {
      printHistogram(25);
    }
    // Keep both alive until after the last measurement.
    System.out.println(notices.size() == index.size() ? "" : "mismatch");
  }

  private static void printHistogram(int lines) {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      text.toString().lines().limit(lines + 3).forEach(System.out::println);
    } catch (JMException e) {
      throw new IllegalStateException("class histogram unavailable", e);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
