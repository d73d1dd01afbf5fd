package org.liaison.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MerkleLogConcurrencyTest {
  @Test
  void readers_during_appends_always_get_proofs_that_verify() throws Exception {
    int leaves = 150_000; // crosses chunk boundaries and adds levels while readers run
    MerkleLog log = new MerkleLog();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          long checks = 0;
          while (!done.get() || checks < 1000) {
            long size = log.size();
            if (size == 0) {
              continue;
            }
            long index = ThreadLocalRandom.current().nextLong(size);
            byte[] root = log.root(size);
            assertThat(Merkle.verifyInclusion(log.leafHash(index), index, size, log.inclusionProof(index, size), root))
                .as("leaf %d of %d", index, size).isTrue();
            long first = 1 + ThreadLocalRandom.current().nextLong(size);
            assertThat(Merkle.verifyConsistency(first, size, log.consistencyProof(first, size), log.root(first), root))
                .as("%d -> %d", first, size).isTrue();
            checks++;
          }
          return checks;
        }));
      }
      for (int i = 0; i < leaves; i++) {
        log.append(Merkle.leafHash(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}));
      }
      done.set(true);
      for (Future<Long> reader : readers) {
        assertThat(reader.get()).isGreaterThanOrEqualTo(1000);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
