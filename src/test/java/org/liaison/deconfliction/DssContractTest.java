package org.liaison.deconfliction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.liaison.auth.DevAuthority;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.testkit.TestClock;

/**
 * The HTTP contract of the hub's {@code /dss/v1} API, through a real port, run once per store.
 * One hub serves the whole class; every test works on a site and parties of its own (see {@link
 * Scene}), which keeps tests independent without paying for a hub per test. Tests that need a
 * hub of their own (restart, https-only) start it here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DssContractTest
    implements EndpointContract,
        StatusContract,
        KeyRuleContract,
        NotificationContract,
        SubscriptionContract,
        StateContract,
        AvailabilityContract,
        ValidationContract,
        ConcurrencyContract,
        RestartContract,
        FuzzContract,
        ExpiryContract,
        HostileInputContract,
        InteropContract,
        ReportContract {

  static final String AUDIENCE = "localhost";
  private static final AtomicInteger TAGS = new AtomicInteger();
  private static String devKeyPem;

  private final List<Path> dirs = new ArrayList<>();
  private final List<Hub> extraHubs = new ArrayList<>();
  private TestClock clock;
  private DevAuthority tokens;
  private HubOptions options;
  private Hub hub;
  /** Further instances on the same database, for the many-instance variants. */
  private final List<Hub> peers = new ArrayList<>();
  private final List<HubOptions> peerOptions = new ArrayList<>();
  private Scene scene;
  /** A hub of its own store with --strict-astm, started by the first test that needs it. */
  private Hub strictHub;

  /** How many hub instances share the store; more than one needs PostgreSQL. */
  protected int instances() {
    return 1;
  }

  /** Options for a hub on a fresh, empty store; {@code dataDir} holds at least the dev-auth key. */
  protected abstract HubOptions freshStore(Path dataDir, boolean allowHttpBaseUrls) throws Exception;

  /** Releases whatever {@link #freshStore} set up. */
  protected void closeStores() throws Exception {}

  @BeforeAll
  void startHub() throws Exception {
    clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    tokens = DevAuthority.fromPem(devKeyPem()).withClock(clock);
    options = freshStore(newDataDir(), true);
    hub = start(options);
    for (int i = 1; i < instances(); i++) {
      HubOptions o = options.withDataDir(newDataDir());
      peerOptions.add(o);
      peers.add(start(o));
    }
  }


  @AfterAll
  void stopHub() throws Exception {
    try {
      peers.forEach(Hub::close);
      if (hub != null) {
        hub.close();
      }
      if (strictHub != null) {
        strictHub.close();
      }
      closeStores();
    } finally {
      for (Path d : dirs) {
        deleteTree(d);
      }
    }
  }

  /** Whether every test after the first runs on a hub restarted (cleanly) on the store the tests before it wrote. */
  protected boolean restartBeforeEachTest() {
    return false;
  }

  @BeforeEach
  void newScene() throws IOException {
    if (restartBeforeEachTest() && scene != null) {
      restartHub();
      afterRestart(hub);
    }
    scene = new Scene(client(hub), Site.next(), clock, "t" + TAGS.incrementAndGet());
  }

  /** Checks a hub {@link #restartBeforeEachTest} restarted, before its test runs. */
  protected void afterRestart(Hub restarted) {}

  @Override
  public Scene scene() {
    return scene;
  }

  @Override
  public int expire() {
    int n = hub.airspace().expire();
    peers.forEach(p -> p.airspace().followNow());
    return n;
  }

  @Override
  public void restartHub() throws IOException {
    peers.forEach(Hub::close);
    hub.close();
    hub = start(options);
    peers.clear();
    for (HubOptions o : peerOptions) {
      peers.add(start(o));
    }
    scene = new Scene(client(hub), scene.site(), clock, scene.tag());
  }

  @Override
  public DssClient hubWithoutHttp() throws Exception {
    Hub strict = start(freshStore(newDataDir(), false));
    extraHubs.add(strict);
    return client(strict);
  }

  @Override
  public DssClient strictHub() throws Exception {
    if (strictHub == null) {
      strictHub = start(freshStore(newDataDir(), true).withStrictAstm(true));
    }
    return client(strictHub);
  }

  @Override
  public DssClient defaultHub() {
    return scene.client();
  }

  @AfterEach
  void closeExtraHubs() {
    extraHubs.forEach(Hub::close);
    extraHubs.clear();
  }

  private DssClient client(Hub h) {
    BiFunction<String, List<String>, String> minter =
        (sub, scopes) -> tokens.mint(sub, scopes, AUDIENCE, "liaison-test", Duration.ofHours(1));
    if (h != hub || peers.isEmpty()) {
      return DssClient.local(h.port(), clock::instant, minter);
    }
    List<Hub> all = new ArrayList<>(List.of(hub));
    all.addAll(peers);
    // The contract's reads expect to see the writes before them: let every instance read the
    // shared log after each write instead of waiting for its follower.
    return new DssClient(all.stream().map(x -> URI.create("http://127.0.0.1:" + x.port())).toList(),
        () -> all.forEach(x -> x.airspace().followNow()), clock::instant, minter);
  }

  private Hub start(HubOptions o) throws IOException {
    Path key = o.dataDir().resolve(DevAuthority.KEY_FILE_NAME);
    if (!Files.exists(key)) {
      Files.writeString(key, devKeyPem());
    }
    return Hub.start(o, clock);
  }

  /** Options for a hub on 127.0.0.1, any free port, dev auth, in {@code dataDir}. */
  static HubOptions options(Path dataDir, String jdbcUrl, boolean allowHttp) {
    return new HubOptions("test", "127.0.0.1", 0, dataDir, jdbcUrl, AUDIENCE, List.of(), null, true, allowHttp);
  }

  Path newDataDir() throws IOException {
    Path d = Files.createTempDirectory("liaison-contract-");
    dirs.add(d);
    return d;
  }

  /** One RSA key for every hub of the run: generating one per hub would dominate start-up. */
  private static synchronized String devKeyPem() throws IOException {
    if (devKeyPem == null) {
      Path d = Files.createTempDirectory("liaison-devkey-");
      try {
        devKeyPem = DevAuthority.open(d).privateKeyPem();
      } finally {
        deleteTree(d);
      }
    }
    return devKeyPem;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
