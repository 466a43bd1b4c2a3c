package dev.multiproc.cluster.internal;

import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.spi.Deadlines;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
 *
 * <p>A call made for a caller with a deadline ({@link #callBy}) is waited for until the deadline
 * and {@link ClusterUnreachableException#BOUND_SECONDS} more, then abandoned: the caller gets
 * {@link ClusterUnreachableException}, and what the call returns later goes to a handler that
 * gives back what it took.
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
    Thread.ofVirtual()
        .name("multiproc-cluster-call")
        .start(
            () -> {
              try {
                result.complete(call.get());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return await(result);
  }

  /**
   * Waits for {@code result} to its end, whatever interrupts the calling thread meanwhile, and
   * leaves the interrupt status as it was.
   *
   * @param result what a cluster call completes
   * @param <T> what it returns
   * @return what it returned
   * @throws RuntimeException what it threw
   */
  static <T> T await(CompletableFuture<T> result) {
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
   * Runs {@code call}, whatever interrupts the calling thread meanwhile, waiting for it until
   * {@code deadline} and {@link ClusterUnreachableException#BOUND_SECONDS} more.
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} waits to the end
   * @param call one or more cluster calls
   * @param late receives what the call returns after the caller gave up on it, to undo it
   * @param what the call, for the message ("put into queue x" ...)
   * @param <T> what it returns
   * @return what it returned
   * @throws ClusterUnreachableException if it did not end in time
   * @throws RuntimeException what it threw
   */
  static <T> T callBy(long deadline, Supplier<T> call, Consumer<? super T> late, String what) {
    if (deadline == Deadlines.NEVER) {
      return call(call);
    }
    var result = new CompletableFuture<T>();
    Thread.ofVirtual()
        .name("multiproc-cluster-call")
        .start(
            () -> {
              try {
                T value = call.get();
                if (!result.complete(value)) {
                  late.accept(value); // the caller has gone
                }
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return awaitBy(result, deadline, what);
  }

  /**
   * Waits for {@code result}, whatever interrupts the calling thread meanwhile, until {@code
   * deadline} and {@link ClusterUnreachableException#BOUND_SECONDS} more; then completes it with
   * {@link ClusterUnreachableException} and throws that, unless it completed just then. Whoever
   * completes {@code result} late (when {@link CompletableFuture#complete} returns false) undoes
   * what it did.
   *
   * @param result what a cluster call completes
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} waits to the end
   * @param what the call, for the message ("put into queue x" ...)
   * @param <T> what it returns
   * @return what it returned
   * @throws ClusterUnreachableException if it did not end in time
   * @throws RuntimeException what it threw
   */
  static <T> T awaitBy(CompletableFuture<T> result, long deadline, String what) {
    if (deadline == Deadlines.NEVER) {
      return await(result);
    }
    long until =
        System.nanoTime()
            + Math.max(0, Deadlines.left(deadline))
            + TimeUnit.SECONDS.toNanos(ClusterUnreachableException.BOUND_SECONDS);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
          var gaveUp =
              new ClusterUnreachableException(
                  "the cluster did not answer by the"
                      + " deadline (+"
                      + ClusterUnreachableException.BOUND_SECONDS
                      + " s) to "
                      + what
                      + ": the member that holds it may be unreachable",
                  null);
          if (result.completeExceptionally(gaveUp)) {
            throw gaveUp;
          }
          // it answered just now: take its answer
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Runs {@code call} to its end, whatever interrupts the calling thread meanwhile.
   *
   * @param call one or more cluster calls
   * @throws RuntimeException what it threw
   */
  static void run(Runnable call) {
    call(
        () -> {
          call.run();
          return null;
        });
  }
}
