package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.errors.ApiException;
import org.liaison.store.Database;
import org.liaison.store.StoreException;

class GroupCommitTest {
  @TempDir Path dir;

  @Test
  void a_failing_write_rolls_back_alone_and_the_others_in_its_group_commit() throws Exception {
    try (Database db = Database.embedded(dir)) {
      EventLog events = new EventLog();
      Signal signal = new Signal(0);
      GroupCommit writer = new GroupCommit(db, events, signal);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        results.add(pool.submit(() -> writer.write(c -> {
          long seq = events.append(c, "test", null, null, Instant.EPOCH,
              JsonNodeFactory.instance.objectNode().put("n", n), List.of("p"));
          if (n % 3 == 0) {
            throw ApiException.badRequest("write %d refused after appending event %d", n, seq);
          }
          return seq;
        })));
      }
      List<Long> committed = new ArrayList<>();
      int refused = 0;
      for (Future<Long> f : results) {
        try {
          committed.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(ApiException.class);
          refused++;
        }
      }
      pool.shutdown();
      assertThat(refused).isEqualTo(67);
      List<Event> stored = db.inTransaction(c -> events.visible(c, "p", 0, 1000));
      assertThat(stored).extracting(Event::seq).containsExactlyInAnyOrderElementsOf(committed);
      // Refused writes leave no hole: sequence numbers stay dense.
      assertThat(stored).extracting(Event::seq).containsExactlyElementsOf(
          java.util.stream.LongStream.rangeClosed(1, 133).boxed().toList());
      assertThat(stored).allSatisfy(e -> assertThat(e.payload().get("n").asInt() % 3).isNotZero());
      assertThat(signal.head()).isEqualTo(133);
      writer.close();
      assertThatThrownBy(() -> writer.write(c -> null)).isInstanceOf(StoreException.class);
    }
  }
}
