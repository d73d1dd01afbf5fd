package org.liaison.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.liaison.testkit.Prerequisites;

/**
 * A throwaway PostgreSQL server run from the host's own server binaries (Debian's
 * {@code postgresql-15} package, or any directory holding {@code initdb}, {@code pg_ctl},
 * {@code postgres} and {@code pg_basebackup}), so that a test can stop it, kill it, restart it on
 * the same data directory and port, and build a streaming-replication standby.
 *
 * <p>The binaries are found through the {@code liaison.pg.bindir} system property or the
 * {@code PG_BINDIR} environment variable, then {@code pg_config --bindir}, then Debian's layout
 * {@code /usr/lib/postgresql/<major>/bin} (newest first), then the {@code PATH}. PostgreSQL
 * refuses to run as root, so as root every command runs through {@code runuser} as an
 * unprivileged account that owns the data directory.
 */
public final class PgServer implements AutoCloseable {
  private static final String[] NEEDED = {"initdb", "pg_ctl", "postgres", "pg_basebackup"};
  private static volatile Optional<Path> binDir;
  /** Servers not yet closed; a JVM that exits early still stops them (pg_ctl daemonizes them). */
  private static final Set<PgServer> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(PgServer::close),
        "liaison-pg-cleanup"));
  }

  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;
  private final String name;
  private List<String> settings = List.of();
  private Path keepLogIn;

  private PgServer(Path bin, Path base, String name, int port) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.name = name;
    this.port = port;
    OPEN.add(this);
  }

  /**
   * Skips the calling test, with one message that says what to install, when there are no
   * binaries; fails it instead in CI.
   */
  public static void assumeAvailable() {
    Prerequisites.require(binDir().isPresent(),
        "PostgreSQL server binaries not found (need " + String.join(", ", NEEDED) + "): install Debian's"
            + " postgresql-15 package, or point the liaison.pg.bindir system property or PG_BINDIR at them");
  }

  /** Where the server binaries are, if anywhere. */
  public static Optional<Path> binDir() {
    if (binDir == null) {
      binDir = findBinDir();
    }
    return binDir;
  }

  private static Optional<Path> findBinDir() {
    List<Path> candidates = new ArrayList<>();
    String given = System.getProperty("liaison.pg.bindir", System.getenv("PG_BINDIR"));
    if (given != null && !given.isBlank()) {
      candidates.add(Path.of(given));
    }
    Os.Result pgConfig = Os.run(List.of("pg_config", "--bindir"), 10);
    if (pgConfig.exit() == 0) {
      candidates.add(Path.of(pgConfig.output().trim()));
    }
    // Debian and Ubuntu keep each major version's server binaries outside PATH.
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions.filter(p -> p.getFileName().toString().matches("\\d+"))
            .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
            .forEach(p -> candidates.add(p.resolve("bin")));
      } catch (IOException ignored) {
        // not there after all
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir));
      }
    }
    return candidates.stream().filter(PgServer::hasAll).findFirst();
  }

  private static boolean hasAll(Path dir) {
    return Stream.of(NEEDED).allMatch(n -> Files.isExecutable(dir.resolve(n)));
  }

  /** A new, empty cluster (initdb) under a fresh temporary directory; not started. */
  public static PgServer init(String name, int port) {
    PgServer pg = new PgServer(requireBin(), Os.sharedTempDir("liaison-pg-" + name + "-"), name, port);
    pg.pg(List.of(pg.tool("initdb"), "-D", pg.data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
        "--no-sync"), 120);
    return pg;
  }

  /**
   * A streaming-replication standby of the running {@code primary}, copied with
   * {@code pg_basebackup -R}; not started. It connects as the walreceiver, which a primary whose
   * {@code synchronous_standby_names} is {@code *} waits for at every commit.
   */
  public static PgServer standbyOf(PgServer primary, String name, int port) {
    PgServer pg = new PgServer(requireBin(), Os.sharedTempDir("liaison-pg-" + name + "-"), name, port);
    pg.pg(List.of(pg.tool("pg_basebackup"), "-h", "127.0.0.1", "-p", String.valueOf(primary.port), "-U", "postgres",
        "-D", pg.data.toString(), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"), 120);
    return pg;
  }

  private static Path requireBin() {
    return binDir().orElseThrow(() -> new IllegalStateException(
        "PostgreSQL server binaries not found; call PgServer.assumeAvailable() first"));
  }

  private String tool(String name) {
    return bin.resolve(name).toString();
  }

  public int port() {
    return port;
  }

  /** Copies the server's log into {@code dir} when it is closed, for reading after a failure. */
  public PgServer keepLogIn(Path dir) {
    keepLogIn = dir;
    return this;
  }

  public Path dataDir() {
    return data;
  }

  /**
   * Starts the server on 127.0.0.1 and waits until it accepts connections (after crash recovery,
   * if it was killed). {@code extra} are {@code name=value} settings for this start only: they
   * are passed on the command line, not written to a file, so a base backup does not copy them.
   */
  public void start(String... extra) {
    List<String> s = new ArrayList<>(List.of(
        "listen_addresses=127.0.0.1",
        "port=" + port,
        "unix_socket_directories=" + base,
        "shared_buffers=32MB",
        "max_connections=64",
        // The defaults, spelled out: an acknowledged commit is on disk (and, with a synchronous
        // standby, on the standby) before the hub hears of it.
        "fsync=on",
        "synchronous_commit=on",
        "wal_level=replica",
        "max_wal_senders=4",
        "hot_standby=on",
        "jit=off"));
    s.addAll(List.of(extra));
    settings = List.copyOf(s);
    startWith(settings);
  }

  /** Starts again with the settings of the last {@link #start}. */
  public void restart() {
    startWith(settings);
  }

  private void startWith(List<String> s) {
    StringBuilder opts = new StringBuilder();
    for (String kv : s) {
      int eq = kv.indexOf('=');
      // pg_ctl hands -o to a shell: quote each value.
      opts.append(" -c ").append(kv, 0, eq).append("='").append(kv.substring(eq + 1).replace("'", "")).append('\'');
    }
    pg(List.of(tool("pg_ctl"), "-D", data.toString(), "-l", log().toString(), "-w", "-t", "90",
        "-o", opts.toString().trim(), "start"), 120);
  }

  /** {@code pg_ctl stop -m fast}: disconnects clients, checkpoints, exits. */
  public void stopFast() {
    pg(List.of(tool("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90);
  }

  /** {@code pg_ctl stop -m immediate}: every process quits at once; the next start does crash recovery. */
  public void stopImmediate() {
    pg(List.of(tool("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "-t", "60", "stop"), 90);
  }

  /** {@code kill -9} of the postmaster; its backends notice and exit on their own. */
  public void kill9() {
    long pid = postmasterPid().orElseThrow(() -> new IllegalStateException(name + " is not running"));
    ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
        "postmaster " + pid + " of " + name + " is gone already"));
    h.destroyForcibly();
    try {
      h.onExit().get();
    } catch (Exception e) {
      throw new IllegalStateException("postmaster " + pid + " did not die", e);
    }
  }

  /** {@code pg_ctl promote}: a standby becomes a primary and accepts writes. */
  public void promote() {
    pg(List.of(tool("pg_ctl"), "-D", data.toString(), "-w", "-t", "60", "promote"), 90);
  }

  /** The postmaster's pid from {@code postmaster.pid}, while it runs. */
  public Optional<Long> postmasterPid() {
    Path pidFile = data.resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /** One URL over several servers that always picks the current primary, as a hub after failover needs. */
  public static String primaryUrl(String database, PgServer... servers) {
    StringBuilder hosts = new StringBuilder();
    for (PgServer s : servers) {
      hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(s.port);
    }
    return "jdbc:postgresql://" + hosts + "/" + database + "?user=postgres&targetServerType=primary";
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database) + "&connectTimeout=10&socketTimeout=60");
  }

  public void createDatabase(String database) {
    try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database + " on " + name + ": " + e.getMessage(), e);
    }
  }

  public Path log() {
    return base.resolve("server.log");
  }

  /** The server's log, for a failure message. */
  public String logText() {
    try {
      return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private void pg(List<String> command, int timeoutSeconds) {
    Os.Result r = Os.run(Os.asUnprivileged(command), timeoutSeconds);
    if (r.exit() != 0) {
      throw new IllegalStateException(name + ": " + String.join(" ", command) + " exited with " + r.exit() + ":\n"
          + r.output() + "\n--- server log:\n" + logText());
    }
  }

  /** Stops the server at once, if it runs, and deletes its directory. */
  @Override
  public void close() {
    OPEN.remove(this);
    if (postmasterPid().isPresent()) {
      Os.run(Os.asUnprivileged(List.of(tool("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop")), 60);
    }
    postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    if (keepLogIn != null && Files.exists(log())) {
      try {
        Files.copy(log(), keepLogIn.resolve("postgres-" + name + ".log"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ignored) {
        // the log is a convenience
      }
    }
    Os.deleteTree(base);
  }

  @Override
  public String toString() {
    return name + " (PostgreSQL on 127.0.0.1:" + port + ", " + data + ")";
  }
}
