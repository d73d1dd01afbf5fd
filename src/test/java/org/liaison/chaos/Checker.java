package org.liaison.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads back, through a hub's API, every reference in an {@link AckBook}, and compares: an
 * acknowledged create or update must be there with its OVN, an acknowledged delete must be gone.
 * A write in doubt allows either outcome of that write, nothing else.
 */
public final class Checker {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OIR = "/dss/v1/operational_intent_references/";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** What the read-back found. {@code phantoms}: writes in doubt that did happen (allowed, but worth knowing). */
  public record Report(int checked, int present, int absent, int inDoubt, int phantoms, List<String> violations) {
    public boolean clean() {
      return violations.isEmpty();
    }

    /** Fails with every violation, the first 20 spelled out. */
    public Report assertClean() {
      if (!clean()) {
        throw new AssertionError(violations.size() + " acknowledged write(s) not as acknowledged, of " + checked
            + " references checked:\n  " + String.join("\n  ", violations.subList(0, Math.min(20, violations.size()))));
      }
      return this;
    }

    @Override
    public String toString() {
      return checked + " references checked: " + present + " present, " + absent + " absent, " + inDoubt
          + " in doubt (" + phantoms + " of whose writes took effect), " + violations.size() + " violations";
    }
  }

  private final DevTokens tokens;
  private final List<URI> hubs;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  public Checker(DevTokens tokens, List<URI> hubs) {
    this.tokens = tokens;
    this.hubs = List.copyOf(hubs);
  }

  /**
   * Checks until a read-back holds every acknowledged write, or {@code within} has passed: the
   * order (write acknowledged, then visible here) is asserted, not how fast it got here.
   */
  public Report checkUntilClean(AckBook book, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Report r = check(book);
    while (!r.violations().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = check(book);
    }
    return r;
  }

  public Report check(AckBook book) {
    Map<UUID, AckBook.Entry> all = book.snapshot();
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicInteger present = new AtomicInteger();
    AtomicInteger absent = new AtomicInteger();
    AtomicInteger doubt = new AtomicInteger();
    AtomicInteger phantoms = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger next = new AtomicInteger();
    for (Map.Entry<UUID, AckBook.Entry> e : all.entrySet()) {
      int hub = next.getAndIncrement();
      pool.submit(() -> {
        String found;
        try {
          found = read(e.getKey(), e.getValue().party(), hub);
        } catch (RuntimeException ex) {
          violations.add(e.getKey() + ": cannot read back: " + ex.getMessage());
          return;
        }
        if (found != null) {
          present.incrementAndGet();
        } else {
          absent.incrementAndGet();
        }
        AckBook.Entry a = e.getValue();
        if (a.inDoubt() != null) {
          doubt.incrementAndGet();
        }
        String problem = judge(a, found);
        if (problem != null) {
          violations.add(e.getKey() + " (" + a.party() + "): " + problem);
        } else if (a.inDoubt() != null && tookEffect(a, found)) {
          phantoms.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
        pool.shutdownNow();
        violations.add("read-back did not finish within 5 minutes");
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
    return new Report(all.size(), present.get(), absent.get(), doubt.get(), phantoms.get(), new ArrayList<>(violations));
  }

  /** Null if {@code found} (an OVN, or null for absent) agrees with what was acknowledged. */
  static String judge(AckBook.Entry a, String found) {
    if (!a.acked()) {
      return null; // never acknowledged: a create in doubt, either outcome is fine
    }
    boolean ackedPresent = a.ovn() != null;
    if (a.inDoubt() == null) {
      if (ackedPresent && found == null) {
        return "acknowledged with OVN " + a.ovn() + " but not found: LOST";
      }
      if (ackedPresent && !a.ovn().equals(found)) {
        return "acknowledged with OVN " + a.ovn() + " but holds " + found;
      }
      if (!ackedPresent && found != null) {
        return "deletion acknowledged but present with OVN " + found + ": RESURRECTED";
      }
      return null;
    }
    // An update or delete in doubt after an acknowledged state.
    if (!ackedPresent) {
      return found == null ? null : "deletion acknowledged but present with OVN " + found;
    }
    if (a.inDoubt() == AckBook.Op.DELETE) {
      return found == null || found.equals(a.ovn()) ? null
          : "acknowledged with OVN " + a.ovn() + ", then a delete in doubt, but holds " + found;
    }
    return found != null ? null : "acknowledged with OVN " + a.ovn() + ", then an update in doubt, but not found: LOST";
  }

  private static boolean tookEffect(AckBook.Entry a, String found) {
    return switch (a.inDoubt()) {
      case CREATE -> found != null;
      case UPDATE -> found != null && !found.equals(a.ovn());
      case DELETE -> found == null;
    };
  }

  /** The OVN the hub holds for {@code id}, or null if it has none; retries through unavailability. */
  private String read(UUID id, String party, int start) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "";
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      URI hub = hubs.get((start + attempt) % hubs.size());
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.resolve(OIR + id))
            .header("Authorization", "Bearer " + tokens.token(party))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          JsonNode n = JSON.readTree(r.body()).path("operational_intent_reference");
          return n.path("ovn").asText();
        }
        if (r.statusCode() == 404) {
          return null;
        }
        last = hub + " answered " + r.statusCode() + ": " + r.body();
      } catch (IOException e) {
        last = hub + ": " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no answer within " + PATIENCE + "; last: " + last);
  }
}
