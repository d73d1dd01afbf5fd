package org.liaison.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.liaison.auth.DevAuthority;

/**
 * {@code liaison hub --dev-auth} in a child JVM on this JVM's class path, for tests that kill,
 * starve and restart it. The port is chosen once and kept across restarts, so clients' URLs stay
 * valid. Everything the child prints goes through a pipe into {@link #logFile()} (a pipe, so a
 * file-size limit put on the child does not cut its log short).
 *
 * <pre>{@code
 * HubProcess hub = HubProcess.builder(dir.resolve("data")).db(jdbcUrl).start();
 * hub.kill();      // kill -9
 * hub.start();     // same data, same port
 * }</pre>
 */
public final class HubProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  /** Hubs running now; a JVM that exits early still kills them. */
  private static final Set<HubProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(HubProcess::kill),
        "liaison-hub-cleanup"));
  }

  private final String label;
  private final Path dataDir;
  private final String jdbcUrl;
  private final int port;
  private final Path logFile;
  private final boolean unprivileged;
  private final List<String> extraArgs;
  private Process process;
  private Thread pump;
  private int starts;

  private HubProcess(Builder b) {
    this.label = b.label;
    this.dataDir = b.dataDir;
    this.jdbcUrl = b.jdbcUrl;
    this.port = b.port > 0 ? b.port : freePort();
    this.logFile = b.logFile != null ? b.logFile : b.dataDir.resolveSibling(b.label + ".log");
    this.unprivileged = b.unprivileged;
    this.extraArgs = List.copyOf(b.extraArgs);
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** How to run a hub; {@link #start()} runs it, {@link #build()} only prepares it. */
  public static final class Builder {
    private final Path dataDir;
    private String label = "hub";
    private String jdbcUrl;
    private int port;
    private Path logFile;
    private boolean unprivileged;
    private final List<String> extraArgs = new ArrayList<>();

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    /** A name for logs and messages, e.g. {@code hub-1}; not the hub's {@code --name}. */
    public Builder label(String l) {
      label = l;
      return this;
    }

    /** PostgreSQL instead of the embedded store. */
    public Builder db(String url) {
      jdbcUrl = url;
      return this;
    }

    /** A fixed port; by default a free loopback port is picked once. */
    public Builder port(int p) {
      port = p;
      return this;
    }

    public Builder log(Path file) {
      logFile = file;
      return this;
    }

    /**
     * When we are root, run the hub as an unprivileged account, so that file permissions apply to
     * it. Its data directory and every directory above must be reachable by that account.
     */
    public Builder unprivileged() {
      unprivileged = true;
      return this;
    }

    public Builder args(String... more) {
      extraArgs.addAll(List.of(more));
      return this;
    }

    public HubProcess build() {
      return new HubProcess(this);
    }

    public HubProcess start() {
      HubProcess h = build();
      h.start();
      return h;
    }
  }

  /** Picks a free loopback port (free now; a hub binds it moments later). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes the dev-auth signing key in {@code dataDir} if there is none: the child would make the
   * same at start, and here, where the JIT is warm, it takes a fraction of the time.
   */
  static void prepareKeys(Path dataDir) {
    try {
      DevAuthority.open(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> command() {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> c = new ArrayList<>(List.of(java,
        // C1 only and the serial collector: the child starts in half the time on a busy machine.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m",
        "-cp", unprivileged ? ChildClasspath.forUnprivileged() : ChildClasspath.plain(),
        "org.liaison.cli.Main", "hub", "--dev-auth", "--port", String.valueOf(port),
        "--data", dataDir.toString(), "--allow-http-base-urls"));
    if (jdbcUrl != null) {
      c.addAll(List.of("--db", jdbcUrl));
    }
    c.addAll(extraArgs);
    return unprivileged ? Os.asUnprivileged(c) : c;
  }

  /** Starts the hub and waits until {@code /healthy} answers; fails with the log if it exits or is slow. */
  public synchronized void start() {
    launch();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        waitForPump();
        throw new AssertionError(label + " exited with " + process.exitValue() + " at start:\n" + logText());
      }
      if (healthy()) {
        return;
      }
      sleep(50);
    }
    kill();
    throw new AssertionError(label + " not ready within " + START_TIMEOUT + ":\n" + logText());
  }

  /** The exit status and output of a start expected to fail. */
  public record Exit(int status, String output) {}

  /** Starts the hub and waits for it to exit by itself; fails if it comes up healthy instead. */
  public synchronized Exit startExpectingExit(Duration within) {
    long mark = logSize();
    launch();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        waitForPump();
        return new Exit(process.exitValue(), logText().substring((int) Math.min(mark, logText().length())));
      }
      if (healthy()) {
        kill();
        throw new AssertionError(label + " started although it was expected to refuse:\n" + logText());
      }
      sleep(50);
    }
    kill();
    throw new AssertionError(label + " neither exited nor became healthy within " + within + ":\n" + logText());
  }

  private void launch() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(label + " is running already");
    }
    starts++;
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(logFile, "=== " + label + " start " + starts + " at " + Instant.now() + ": "
          + String.join(" ", command()).replaceAll("-cp \\S+", "-cp …") + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = new ProcessBuilder(command()).redirectErrorStream(true).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + label, e);
    }
    RUNNING.add(this);
    Process p = process;
    pump = new Thread(() -> copy(p.getInputStream(), logFile), label + "-log");
    pump.setDaemon(true);
    pump.start();
  }

  private static void copy(InputStream in, Path file) {
    try (in; OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // the child is gone; its log ends here
    }
  }

  private void waitForPump() {
    try {
      pump.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether {@code GET /healthy} answers 200 now. */
  public boolean healthy() {
    try {
      HttpRequest r = HttpRequest.newBuilder(base().resolve("/healthy")).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code kill -9} of the hub's JVM, then waits for it to be gone. */
  public synchronized void kill() {
    RUNNING.remove(this);
    if (process == null) {
      return;
    }
    // Under runuser the JVM is a grandchild: kill it, not only the wrapper.
    javaProcess().ifPresent(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(label + " survived kill -9 for 30 s");
      }
      javaProcess().ifPresent(h -> h.onExit().join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    waitForPump();
  }

  /** SIGTERM: the hub's shutdown hook closes it in order. */
  public synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    javaProcess().ifPresent(ProcessHandle::destroy);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
        throw new AssertionError(label + " did not stop within 60 s of SIGTERM:\n" + logText());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    waitForPump();
  }

  /** The JVM running the hub: the child itself, or the one beneath runuser. */
  public Optional<ProcessHandle> javaProcess() {
    if (process == null || !process.isAlive()) {
      return Optional.empty();
    }
    if (!unprivileged || Os.unprivilegedUser().isEmpty()) {
      return Optional.of(process.toHandle());
    }
    return process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
        .findFirst();
  }

  /**
   * Limits the size of any file the hub writes to {@code bytes} (the soft {@code RLIMIT_FSIZE},
   * via util-linux {@code prlimit}): writes past it fail with EFBIG, as on a full disk. The JVM
   * ignores SIGXFSZ, so the hub lives on. {@code -1} lifts the limit.
   */
  public void limitFileSize(long bytes) {
    long pid = javaProcess().orElseThrow(() -> new IllegalStateException(label + " is not running")).pid();
    String soft = bytes < 0 ? "unlimited" : String.valueOf(bytes);
    Os.check(List.of("prlimit", "--pid", String.valueOf(pid), "--fsize=" + soft + ":"), 10);
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public int port() {
    return port;
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path dataDir() {
    return dataDir;
  }

  public String label() {
    return label;
  }

  public Path logFile() {
    return logFile;
  }

  private long logSize() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8).length() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Everything the hub printed, over all its starts. */
  public String logText() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    kill();
  }

  @Override
  public String toString() {
    return label + " at " + base();
  }
}
