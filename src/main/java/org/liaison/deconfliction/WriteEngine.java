package org.liaison.deconfliction;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.liaison.store.StoreException;
import java.util.function.Supplier;
import org.liaison.proof.Receipt;

/**
 * How the airspace's writes reach the database and every instance's memory (docs/decisions/0003
 * and 0005). Chosen by configuration ({@code liaison hub --instances}), not by the store:
 *
 * <ul>
 *   <li>{@link OneInstanceEngine}: this process is the database's only writer. One writer at a time
 *       validates against memory and applies there; a committer commits what is staged in one
 *       transaction (group commit), and each answer waits for its commit.
 *   <li>{@link ManyInstanceEngine}: several hub processes share a PostgreSQL-wire database. A
 *       writer locks the stripes its change may touch, catches memory up from the shared change
 *       log, validates, writes and appends to the log in one transaction; a follower keeps memory
 *       close behind the log.
 * </ul>
 */
interface WriteEngine extends AutoCloseable {
  /** A change validated against memory, with its ledger entry, and how to answer once it is recorded. */
  record Pending<T>(Change change, Function<Receipt, T> result) {}

  /** Runs {@code s} against memory as readers see it. */
  <T> T read(Supplier<T> s);

  /**
   * Runs {@code op}, which validates against memory and returns the change it wants, and records
   * that change with its ledger entry; returns the answer built from the receipt.
   */
  <T> T write(Supplier<Pending<T>> op);

  /** Reads other instances' changes now, rather than at the follower's next turn (many instances). */
  void followNow();

  /** Commits what is staged, then stops. Writes after this are refused. */
  @Override
  void close();

  /** Waits for a write's commit; a failed commit rethrows its cause, as the writer's own thread would. */
  static <T> T awaitCommit(CompletableFuture<T> commit) {
    try {
      return commit.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreException("commit failed: " + e.getCause(), e.getCause());
    }
  }
}
