package dev.multiproc.cluster.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Cluster calls that an interrupt of the calling thread can neither fail nor abandon.
 *
 * <p>Hazelcast answers an interrupt that comes while a thread waits for a cluster call by
 * throwing (an {@code InterruptedException}, or a {@code HazelcastException} wrapping one, with
 * the interrupt status set again), while the operation itself goes on in the cluster: a permit is
 * taken, an item is polled, a lock is granted, for a caller that has gone. So every call of the
 * synchronization objects and queues runs here, on a virtual thread of its own that nobody
 * interrupts, while the caller waits for it without regard to interrupts and keeps its interrupt
 * status. Only the library's own waits, between calls ({@link ChangeSignal}, {@link EntryWatch}),
 * answer interrupts: there nothing is pending in the cluster.
 */
final class ClusterCalls {
  private ClusterCalls() {}

  /**
   * Runs {@code call} to its end, whatever interrupts the calling thread meanwhile.
   *
   * @param call one or more cluster calls
   * @param <T> what it returns
   * @return what it returned
   * @throws RuntimeException what it threw
   */
  static <T> T call(Supplier<T> call) {
    var result = new CompletableFuture<T>();
    Thread.ofVirtual().name("multiproc-cluster-call").start(() -> {
      try {
        result.complete(call.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    try {
      return result.join(); // waits through interrupts, and leaves the status as it was
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Runs {@code call} to its end, whatever interrupts the calling thread meanwhile.
   *
   * @param call one or more cluster calls
   * @throws RuntimeException what it threw
   */
  static void run(Runnable call) {
    call(() -> {
      call.run();
      return null;
    });
  }
}
