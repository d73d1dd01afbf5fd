package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SpreadSlotTest {
  private static final int CELLS = Scenarios.GRID * Scenarios.GRID;

  @Test
  void every_slot_of_the_grid_is_taken_once_before_any_repeats() {
    BitSet seen = new BitSet(CELLS);
    for (long n = 0; n < CELLS; n++) {
      int slot = (int) Scenarios.spreadSlot(n);
      assertThat(seen.get(slot)).as("slot %d taken twice, at n=%d", slot, n).isFalse();
      seen.set(slot);
    }
    assertThat(seen.cardinality()).isEqualTo(CELLS);
    assertThat(Scenarios.spreadSlot(CELLS + 5L)).isEqualTo(Scenarios.spreadSlot(5));
  }

  @Test
  void writes_in_flight_together_lie_far_apart() {
    // 16 clients write slots n .. n+15 at about the same time: no two within 40 km (one lock stripe).
    for (long n = 0; n < 10_000; n += 16) {
      for (long a = n; a < n + 16; a++) {
        for (long b = a + 1; b < n + 16; b++) {
          long sa = Scenarios.spreadSlot(a);
          long sb = Scenarios.spreadSlot(b);
          long dNorth = Math.abs(sa / Scenarios.GRID - sb / Scenarios.GRID);
          long dEast = Math.abs(sa % Scenarios.GRID - sb % Scenarios.GRID);
          assertThat(Math.max(dNorth, dEast)).as("slots of n=%d and n=%d", a, b).isGreaterThan(40);
        }
      }
    }
  }
}
