package org.liaison.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioLanguagesTest {
  @Test
  void the_contact_group_reads_in_at_least_four_languages() {
    Scenario s = Scenario.builtIn();
    Map<String, Scenario.PartySpec> parties = s.parties().stream()
        .collect(Collectors.toMap(Scenario.PartySpec::id, Function.identity()));
    Scenario.ChannelSpec group = s.channels().stream().filter(c -> c.name().equals("contact-group")).findFirst()
        .orElseThrow();
    Set<String> first = group.members().stream().map(m -> parties.get(m).languages().get(0)).collect(Collectors.toSet());
    assertThat(first).hasSizeGreaterThanOrEqualTo(4).contains("ar", "ru");
  }
}
