package org.liaison.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** {@link CellMap} against a {@code HashMap<Long, List<Integer>>} multiset. */
class CellMapProperties {
  record Op(boolean add, long cell, int slot) {}

  /**
   * Few cells and slots, so that cells fill past the inline slots into the spill, empty again and
   * collide in the table; cell ids from the first 6 level-13 cells of a face and from anywhere.
   */
  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Long> nearby =
        Arbitraries.integers()
            .between(0, 5)
            .map(i -> (5L << 61) + ((2L * i + 1) << (2 * (30 - Cells.LEVEL))));
    Arbitrary<Long> anywhere = Arbitraries.longs().filter(id -> id != 0);
    Arbitrary<Long> cells = Arbitraries.frequencyOf(Tuple.of(4, nearby), Tuple.of(1, anywhere));
    Arbitrary<Integer> slots = Arbitraries.integers().between(0, 20);
    return Combinators.combine(Arbitraries.of(true, true, true, false), cells, slots)
        .as(Op::new)
        .list()
        .ofMinSize(150)
        .ofMaxSize(800);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void behaves_like_a_hash_map_of_lists(@ForAll("ops") List<Op> ops) {
    CellMap map = new CellMap();
    Map<Long, List<Integer>> model = new HashMap<>();
    int spilled = 0;
    for (Op op : ops) {
      if (op.add()) {
        map.add(op.cell(), op.slot());
        model.computeIfAbsent(op.cell(), c -> new ArrayList<>()).add(op.slot());
      } else {
        List<Integer> slots = model.get(op.cell());
        boolean present = slots != null && slots.remove((Integer) op.slot());
        if (slots != null && slots.isEmpty()) {
          model.remove(op.cell());
        }
        assertThat(map.remove(op.cell(), op.slot())).as("%s", op).isEqualTo(present);
      }
      assertThat(map.cells()).isEqualTo(model.size());
      List<Integer> slots = model.get(op.cell());
      assertThat(slotsOf(map, op.cell()))
          .as("after %s", op)
          .containsExactlyInAnyOrderElementsOf(slots == null ? List.of() : slots);
      spilled = Math.max(spilled, slots == null ? 0 : slots.size());
    }
    for (Map.Entry<Long, List<Integer>> e : model.entrySet()) {
      assertThat(slotsOf(map, e.getKey())).containsExactlyInAnyOrderElementsOf(e.getValue());
    }
    Statistics.label("largest cell")
        .collect(spilled > CellMap.INLINE ? "spilled" : "inline only");
    Statistics.label("largest cell")
        .coverage(c -> c.check("spilled").percentage(p -> p >= 20));
  }

  /** The slots under {@code cell} through both read paths, which must agree. */
  private static List<Integer> slotsOf(CellMap map, long cell) {
    int b = map.find(cell);
    if (b < 0) {
      return List.of();
    }
    int[] copied = new int[map.count(b) + 3];
    assertThat(map.copySlots(b, copied, 3)).isEqualTo(3 + map.count(b));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < map.count(b); i++) {
      out.add(map.slot(b, i));
      assertThat(copied[3 + i]).isEqualTo(map.slot(b, i));
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
