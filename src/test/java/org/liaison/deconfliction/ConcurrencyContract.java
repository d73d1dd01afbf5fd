package org.liaison.deconfliction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Concurrent writers never break the key rule. */
interface ConcurrencyContract extends Contract {

  /** Runs {@code task(i)} for i in [0, n) on n threads released together; returns the results in order. */
  private static <T> List<T> race(int n, IntFunction<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return task.apply(id);
        }));
      }
      ready.await();
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void racing_creates_without_keys_admit_exactly_one_per_overlapping_cluster() throws Exception {
    int parties = 4;
    int threadsPerParty = 16;
    int clusters = 4;
    List<Party> ps = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      ps.add(party("p" + p));
    }
    record Attempt(int cluster, UUID id, Resp resp) {}

    List<Attempt> attempts = race(parties * threadsPerParty, i -> {
      int cluster = i % clusters;
      UUID id = UUID.randomUUID();
      Vol v = site().circle(-3000 + 2000 * cluster, 0, 300);
      return new Attempt(cluster, id, ps.get(i / threadsPerParty).putOi(id, Req.oi(v)));
    });

    for (int c = 0; c < clusters; c++) {
      int cluster = c;
      List<Attempt> mine = attempts.stream().filter(a -> a.cluster() == cluster).toList();
      List<Attempt> won = mine.stream().filter(a -> a.resp().status() == 201).toList();
      assertThat(won).as("winners in cluster %d", c).hasSize(1);
      UUID winner = won.get(0).id();
      for (Attempt a : mine) {
        if (a.resp().status() != 201) {
          a.resp().expect(409);
          assertThat(a.resp().ids("missing_operational_intents")).containsExactly(winner);
        }
      }
      Vol area = site().circle(-3000 + 2000 * c, 0, 500).alt(null, null).at(null, null);
      assertThat(ps.get(0).queryOis(area).ids("operational_intent_references")).containsExactly(winner);
    }
  }

  /** A random volume on a small grid: neighbours overlap, and many pairs only touch. */
  record Shape(int pos, int startH, int hours, int band) {
    static final double[][] BANDS = {{0, 100}, {100, 200}, {50, 150}};

    Vol vol(Site s) {
      return s.circle(-400 + 400 * pos, 0, 300).alt(BANDS[band][0], BANDS[band][1]).hours(startH, startH + hours);
    }

    boolean overlaps(Shape o) {
      boolean area = Math.abs(pos - o.pos) <= 1;
      boolean time = startH < o.startH + o.hours && o.startH < startH + hours;
      boolean alt = BANDS[band][0] < BANDS[o.band][1] && BANDS[o.band][0] < BANDS[band][1];
      return area && time && alt;
    }
  }

  @Test
  default void racing_writers_that_retry_with_missing_ovns_never_skip_a_committed_notice() throws Exception {
    int parties = 4;
    int threadsPerParty = 4;
    int perThread = 4;
    List<Party> ps = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      ps.add(party("p" + p));
    }
    // What each owner publishes once its write is acknowledged, as its node would serve it.
    Map<UUID, String> published = new ConcurrentHashMap<>();
    Map<UUID, Shape> shapes = new ConcurrentHashMap<>();
    record Accepted(UUID id, String ovn, Shape shape, Set<String> key) {}
    List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
    List<String> problems = Collections.synchronizedList(new ArrayList<>());

    race(parties * threadsPerParty, t -> {
      Party me = ps.get(t / threadsPerParty);
      Random rnd = new Random(t);
      for (int n = 0; n < perThread; n++) {
        Shape shape = new Shape(rnd.nextInt(3), rnd.nextInt(3), 1 + rnd.nextInt(2), rnd.nextInt(3));
        UUID id = UUID.randomUUID();
        shapes.put(id, shape);
        Set<String> key = new HashSet<>();
        for (int attempt = 0; ; attempt++) {
          if (attempt == 200) {
            problems.add(id + " gave up after 200 attempts");
            break;
          }
          Resp r = me.putOi(id, Req.oi(shape.vol(site())).key(key));
          if (r.status() == 201) {
            accepted.add(new Accepted(id, r.oi().path("ovn").asText(), shape, Set.copyOf(key)));
            published.put(id, r.oi().path("ovn").asText());
            break;
          }
          r.expect(409);
          for (UUID missing : r.ids("missing_operational_intents")) {
            Shape other = shapes.get(missing);
            if (other == null || !other.overlaps(shape)) {
              problems.add(id + " was asked for the key of " + missing + ", which does not overlap it");
            }
            key.add(awaitPublished(published, missing));
          }
        }
      }
      return null;
    });

    assertThat(problems).isEmpty();
    assertThat(accepted).hasSize(parties * threadsPerParty * perThread);
    // Overlapping writes were serialized: whichever committed later held the earlier one's OVN.
    // OVNs are unguessable, so a key can only hold the OVN of a notice committed before it.
    for (Accepted x : accepted) {
      for (Accepted w : accepted) {
        if (x != w && x.shape().overlaps(w.shape())) {
          assertThat(w.key().contains(x.ovn()) || x.key().contains(w.ovn()))
              .as("%s and %s overlap, yet neither held the other's OVN", x.id(), w.id()).isTrue();
        }
      }
    }
    // The final state holds exactly the acknowledged writes, each with the OVN its owner was given.
    Map<UUID, String> ovns = new HashMap<>();
    accepted.forEach(a -> ovns.put(a.id(), a.ovn()));
    for (Party p : ps) {
      Map<UUID, String> seen = new HashMap<>();
      p.queryOis(site().everything()).expect(200).body().path("operational_intent_references").forEach(n -> {
        if (n.path("manager").asText().equals(p.name)) {
          seen.put(UUID.fromString(n.path("id").asText()), n.path("ovn").asText());
        }
      });
      ovns.forEach((id, ovn) -> {
        if (seen.containsKey(id)) {
          assertThat(seen.get(id)).isEqualTo(ovn);
        }
      });
    }
    assertThat(ps.get(0).queryOis(site().everything()).ids("operational_intent_references"))
        .containsExactlyInAnyOrderElementsOf(ovns.keySet());
  }

  /**
   * The OVN of {@code id} as its owner learns it. A 409 can name a notice whose 201 its owner has
   * not read yet; the owner publishes it a moment later.
   */
  private static String awaitPublished(Map<UUID, String> published, UUID id) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String ovn;
    while ((ovn = published.get(id)) == null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the OVN of " + id + " was never published");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
    return ovn;
  }
}
