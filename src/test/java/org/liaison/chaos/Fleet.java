package org.liaison.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.liaison.auth.DevAuthority;
import org.liaison.ledger.KeyFiles;
import org.liaison.proof.LedgerKey;

/**
 * Hub instances as child processes over one PostgreSQL database, all with one dev-auth key and one
 * ledger key (copied into each instance's data directory), so that a token minted by any of them
 * is good on all, and all sign as the same log. Each keeps its port across restarts.
 *
 * <pre>{@code
 * try (Fleet fleet = Fleet.onPostgres(dir, jdbcUrl, 2, ChaosLogs.dir("my-test"));
 *     LoadDriver load = LoadDriver.builder(fleet.tokens(), fleet.bases()).start()) {
 *   fleet.hub(0).kill();   // clients fail over to hub 1
 *   fleet.hub(0).start();
 * }
 * }</pre>
 */
public final class Fleet implements AutoCloseable {
  /** The hub name, hence the ledger origin {@code liaison/hub}, shared by every instance. */
  static final String HUB_NAME = "hub";
  private static final String LEDGER_KEY_FILE = "ledger-key.pem";

  private final List<HubProcess> hubs;
  private final DevTokens tokens;

  private Fleet(List<HubProcess> hubs) {
    this.hubs = List.copyOf(hubs);
    this.tokens = new DevTokens(bases());
  }

  /**
   * Starts {@code instances} hubs on {@code jdbcUrl}, one after the other, with data directories
   * under {@code dir} and logs {@code <logs>/hub-<i>.log}.
   */
  public static Fleet onPostgres(Path dir, String jdbcUrl, int instances, Path logs) {
    Fleet f = prepare(dir, jdbcUrl, instances, logs);
    try {
      f.hubs.forEach(HubProcess::start);
    } catch (RuntimeException | AssertionError e) {
      f.close();
      throw e;
    }
    return f;
  }

  /** As {@link #onPostgres}, but nothing started yet. */
  public static Fleet prepare(Path dir, String jdbcUrl, int instances, Path logs) {
    Path keys = dir.resolve("keys");
    try {
      DevAuthority.open(keys);
      KeyFiles.loadOrGenerate(keys.resolve(LEDGER_KEY_FILE), "liaison/" + HUB_NAME);
      List<HubProcess> hubs = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        Path data = dir.resolve("hub-" + i);
        Files.createDirectories(data);
        for (String f : List.of(DevAuthority.KEY_FILE_NAME, LEDGER_KEY_FILE)) {
          Files.copy(keys.resolve(f), data.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        hubs.add(HubProcess.builder(data).label("hub-" + i).log(logs.resolve("hub-" + i + ".log")).db(jdbcUrl)
            .args("--name", HUB_NAME).build());
      }
      return new Fleet(hubs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare hub data directories under " + dir, e);
    }
  }

  public HubProcess hub(int i) {
    return hubs.get(i);
  }

  public List<HubProcess> hubs() {
    return hubs;
  }

  /** Every instance's base URL, in order: the load driver's target list. */
  public List<URI> bases() {
    return hubs.stream().map(HubProcess::base).toList();
  }

  public DevTokens tokens() {
    return tokens;
  }

  /** Every instance's log, for a failure message. */
  public String logs() {
    StringBuilder b = new StringBuilder();
    for (HubProcess h : hubs) {
      b.append("\n===== ").append(h.label()).append(" (").append(h.logFile()).append(")\n").append(tail(h.logText(), 20_000));
    }
    return b.toString();
  }

  static String tail(String s, int max) {
    return s.length() <= max ? s : "…" + s.substring(s.length() - max);
  }

  @Override
  public void close() {
    hubs.forEach(HubProcess::kill);
  }
}
