package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.deconfliction.Models.OperationalIntent;
import org.liaison.ledger.Ledger;
import org.liaison.proof.LedgerKey;
import org.liaison.store.Database;
import org.liaison.testkit.PgDatabases;

/**
 * The many-instance engine's group commit on a real PostgreSQL server: writes racing into the
 * same areas, on one and on two instances, never both validate against each other's absence,
 * although one transaction commits many writes. Writers create notices without keys, all at
 * once, several per area: exactly one per area may win. Areas lie a degree apart, so writes in
 * different areas share batches. The last test shows the race is sharp enough: the engine built
 * without its check that writes in one batch touch disjoint stripes lets two overlapping creates
 * in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitRaceTest {
  private static final int AREAS = 4;
  private static final int WRITERS_PER_AREA = 8;
  private static final int ROUNDS = 3;
  private static final Set<String> SCOPES = Set.of(Rules.SCOPE_SC);

  private static final LedgerKey KEY = LedgerKey.generate("groupcommit");

  private final PgDatabases databases = new PgDatabases("groupcommit");

  @AfterAll
  void stopPostgres() {
    databases.close();
  }

  /** Hub instances sharing one database, each with its own memory, engine and ledger handle. */
  private static final class Instances implements AutoCloseable {
    final Database db;
    final List<Ledger> ledgers = new ArrayList<>();
    final List<Airspace> airspaces = new ArrayList<>();

    Instances(String url, int n, boolean checkBatchStripes) {
      db = Database.postgres(url);
      for (int i = 0; i < n; i++) {
        Ledger l = Ledger.open(db, KEY, "groupcommit", Clock.systemUTC());
        ledgers.add(l);
        airspaces.add(new Airspace(db, l, Clock.systemUTC(), false, false, true, checkBatchStripes));
      }
    }

    @Override
    public void close() {
      airspaces.forEach(Airspace::close);
      ledgers.forEach(Ledger::close);
      db.close();
    }
  }

  private record Attempt(int area, UUID id, boolean created, Set<UUID> missing) {}

  /** Every writer of every area, released together; each goes to the next instance in turn. */
  private static List<Attempt> race(Instances hubs, List<Site> sites) throws Exception {
    int n = AREAS * WRITERS_PER_AREA;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Attempt>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int writer = i;
        futures.add(pool.submit(() -> {
          int area = writer % AREAS;
          UUID id = UUID.randomUUID();
          // Overlapping circles, each a little off the area's centre.
          Vol v = sites.get(area).circle(20.0 * (writer / AREAS), 0, 300);
          Airspace hub = hubs.airspaces.get(writer % hubs.airspaces.size());
          ready.countDown();
          go.await();
          try {
            hub.putOi("p" + writer, SCOPES, id, null, Req.oi(v).json(Instant.now(), "https://p" + writer + ".example"));
            return new Attempt(area, id, true, Set.of());
          } catch (Airspace.KeyConflict e) {
            return new Attempt(area, id, false, missingIds(e));
          }
        }));
      }
      ready.await();
      go.countDown();
      List<Attempt> out = new ArrayList<>();
      for (Future<Attempt> f : futures) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Set<UUID> missingIds(Airspace.KeyConflict e) {
    return e.missingOis.stream().map(OperationalIntent::id).collect(Collectors.toSet());
  }

  /** Winners per area, over every round; an honest engine has exactly one in each. */
  private static List<Map<Integer, List<Attempt>>> racedRounds(Instances hubs) throws Exception {
    List<Map<Integer, List<Attempt>>> rounds = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      List<Site> sites = new ArrayList<>();
      for (int a = 0; a < AREAS; a++) {
        sites.add(Site.next());
      }
      rounds.add(race(hubs, sites).stream().collect(Collectors.groupingBy(Attempt::area)));
    }
    return rounds;
  }

  @ParameterizedTest(name = "{0} instance(s)")
  @ValueSource(ints = {1, 2})
  void overlapping_writes_in_one_batch_never_both_validate_against_each_others_absence(int instances)
      throws Exception {
    String url = databases.fresh();
    Set<UUID> won = new java.util.HashSet<>();
    try (Instances hubs = new Instances(url, instances, true)) {
      for (Map<Integer, List<Attempt>> round : racedRounds(hubs)) {
        for (List<Attempt> area : round.values()) {
          List<Attempt> winners = area.stream().filter(Attempt::created).toList();
          assertThat(winners).as("winners in one area").hasSize(1);
          UUID winner = winners.get(0).id();
          won.add(winner);
          // Every loser was refused for the winner, and for nothing else.
          area.stream().filter(a -> !a.created())
              .forEach(a -> assertThat(a.missing()).as("missing OVNs of a loser").containsExactly(winner));
        }
      }
      for (Airspace hub : hubs.airspaces) {
        hub.followNow();
        assertThat(hub.allOis().stream().map(OperationalIntent::id).collect(Collectors.toSet()))
            .as("an instance's memory").isEqualTo(won);
      }
    }
    // What the database holds, as a newly started instance loads it.
    try (Instances fresh = new Instances(url, 1, true)) {
      assertThat(fresh.airspaces.get(0).allOis().stream().map(OperationalIntent::id).collect(Collectors.toSet()))
          .as("stored notices").isEqualTo(won);
    }
  }

  @Test
  void without_the_batch_stripe_check_overlapping_writes_in_one_batch_both_get_in() throws Exception {
    try (Instances hubs = new Instances(databases.fresh(), 1, false)) {
      int most = 0;
      for (Map<Integer, List<Attempt>> round : racedRounds(hubs)) {
        for (List<Attempt> area : round.values()) {
          most = Math.max(most, (int) area.stream().filter(Attempt::created).count());
        }
      }
      assertThat(most).as("most winners in one area, without the check").isGreaterThan(1);
    }
  }
}
