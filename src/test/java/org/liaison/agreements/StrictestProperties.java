package org.liaison.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The strictest-rule combination against a brute-force model: for each rule, the combined value
 * is one some binding agreement states and no binding agreement is stricter; agreements that do
 * not bind both parties never count; the order of agreements does not matter.
 */
class StrictestProperties {
  static final List<String> PARTIES = List.of("a", "b", "c", "d");
  static final List<String> LANGS = List.of("en", "fr", "ru", "ar", "tr");

  @Property(tries = 300)
  void the_combined_rules_are_the_strictest_of_the_binding_agreements(
      @ForAll("agreements") List<Strictest.InForce> all, @ForAll("party") String x, @ForAll("party") String y,
      @ForAll long seed) {
    java.util.Random random = new java.util.Random(seed);
    Optional<Strictest.Rules> got = Strictest.between(all, x, y);
    List<Agreement> binding = new ArrayList<>();
    for (Strictest.InForce f : all) {
      Set<String> ps = new HashSet<>(f.agreement().parties());
      if (ps.contains(x) && ps.contains(y)) {
        binding.add(f.agreement());
      }
    }
    assertThat(got.isPresent()).isEqualTo(!binding.isEmpty());
    if (binding.isEmpty()) {
      return;
    }
    Strictest.Rules r = got.get();
    for (String p : List.of(x, y)) {
      Duration n = r.notice().get(p);
      assertThat(binding).anyMatch(g -> g.notice().forParty(p).equals(n));
      assertThat(binding).allMatch(g -> g.notice().forParty(p).compareTo(n) <= 0);
    }
    assertThat(binding).anyMatch(g -> g.separation().horizontalM() == r.horizontalM());
    assertThat(binding).allMatch(g -> g.separation().horizontalM() <= r.horizontalM());
    assertThat(binding).anyMatch(g -> g.separation().verticalM() == r.verticalM());
    assertThat(binding).allMatch(g -> g.separation().verticalM() <= r.verticalM());
    for (String pr : Strictest.PRIORITIES) {
      assertThat(binding).anyMatch(g -> g.ack().get(pr).equals(r.ack().get(pr)));
      assertThat(binding).allMatch(g -> g.ack().get(pr).compareTo(r.ack().get(pr)) >= 0);
    }
    assertThat(binding).anyMatch(g -> g.line().heartbeat().equals(r.heartbeat()));
    assertThat(binding).allMatch(g -> g.line().heartbeat().compareTo(r.heartbeat()) >= 0);
    assertThat(binding).anyMatch(g -> g.line().unreachableAfter().equals(r.unreachableAfter()));
    assertThat(binding).allMatch(g -> g.line().unreachableAfter().compareTo(r.unreachableAfter()) >= 0);
    Set<String> langs = new HashSet<>();
    binding.forEach(g -> langs.addAll(g.languages()));
    assertThat(r.languages()).containsExactlyInAnyOrderElementsOf(langs);
    int fewest = binding.stream().mapToInt(g -> g.parties().size()).min().orElseThrow();
    assertThat(binding).anyMatch(g -> g.parties().size() == fewest && g.channel().equals(r.channel()));
    assertThat(r.areas()).hasSize(binding.stream().mapToInt(g -> g.notice().areas().size()).sum());

    // A declaration's notice: the brute force checks every area of every binding agreement.
    double lat = 34 + random.nextDouble();
    double lng = 36 + random.nextDouble();
    double radius = 1000 + random.nextInt(20_000);
    Duration expected = r.notice().get(x);
    for (Agreement g : binding) {
      for (Agreement.Area a : g.notice().areas()) {
        if (Strictest.metres(lat, lng, a.lat(), a.lng()) <= radius + a.radiusM() && a.minimum().compareTo(expected) > 0) {
          expected = a.minimum();
        }
      }
    }
    assertThat(r.noticeFor(x, lat, lng, radius)).isEqualTo(expected);

    List<Strictest.InForce> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, random);
    assertThat(Strictest.between(shuffled, x, y)).isEqualTo(got);
  }

  @Provide
  Arbitrary<String> party() {
    return Arbitraries.of(PARTIES);
  }

  @Provide
  Arbitrary<List<Strictest.InForce>> agreements() {
    return agreement().list().ofMinSize(0).ofMaxSize(5).map(gs -> {
      List<Strictest.InForce> out = new ArrayList<>();
      for (int i = 0; i < gs.size(); i++) {
        out.add(new Strictest.InForce("ag-" + i, 1, gs.get(i), Instant.EPOCH));
      }
      return out;
    });
  }

  Arbitrary<Agreement> agreement() {
    Arbitrary<List<String>> parties = Arbitraries.of(PARTIES).set().ofMinSize(2).ofMaxSize(4).map(s -> List.copyOf(s));
    Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 240);
    Arbitrary<Map<String, Duration>> perParty = Arbitraries.maps(Arbitraries.of(PARTIES),
        minutes.map(m -> Duration.ofMinutes(m))).ofMaxSize(2);
    Arbitrary<Agreement.Area> area = Combinators.combine(Arbitraries.doubles().between(34, 35),
        Arbitraries.doubles().between(36, 37), Arbitraries.integers().between(100, 30_000), minutes)
        .as((lat, lng, r, m) -> new Agreement.Area("area-" + m, lat, lng, r, Duration.ofMinutes(m)));
    Arbitrary<Agreement.Notice> notice = Combinators.combine(minutes, perParty, area.list().ofMaxSize(3))
        .as((d, pp, areas) -> new Agreement.Notice(Duration.ofMinutes(d), pp, areas));
    Arbitrary<Agreement.Separation> sep = Combinators.combine(Arbitraries.integers().between(0, 20_000),
        Arbitraries.integers().between(0, 2000)).as((h, v) -> new Agreement.Separation(h, v));
    Arbitrary<Integer> secs = Arbitraries.integers().between(1, 7200);
    Arbitrary<Map<String, Duration>> ack = Combinators.combine(secs, secs, secs).as((s, u, r) -> Map.of(
        "safety-of-flight", Duration.ofSeconds(s), "urgent", Duration.ofSeconds(u), "routine", Duration.ofSeconds(r)));
    Arbitrary<Agreement.Line> line = Combinators.combine(secs, secs).as((h, extra) -> new Agreement.Line(
        LocalTime.MIDNIGHT, null, Duration.ofSeconds(h), Duration.ofSeconds(h + extra)));
    Arbitrary<List<String>> langs = Arbitraries.of(LANGS).set().ofMinSize(1).ofMaxSize(3).map(s -> List.copyOf(s));
    Arbitrary<String> channel = Arbitraries.of("ch-1", "ch-2", "ch-3");
    return Combinators.combine(parties, channel, notice, sep, ack, line, langs)
        .as((ps, ch, n, s, a, l, ls) -> new Agreement("t", ps, ch, n, s, a, List.of(), l, ls));
  }
}
