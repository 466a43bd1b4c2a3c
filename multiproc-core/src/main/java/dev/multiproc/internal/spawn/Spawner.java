package dev.multiproc.internal.spawn;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one thread that starts every worker JVM of this process, and lives as long as it.
 *
 * <p>Why one thread: a worker asks the kernel to kill it when its parent dies ({@code
 * PR_SET_PDEATHSIG}), and for the kernel the parent is the <em>thread</em> that forked it. A
 * worker forked by a short-lived thread (a pool's start-up thread, the spare launcher) would be
 * killed as soon as that thread ends. This thread never ends before the process does (it is a
 * daemon, and at exit the JVM stops but does not end its threads before the process ends).
 */
final class Spawner {
  private record Request(ProcessBuilder builder, CompletableFuture<Process> started) {}

  private static final LinkedBlockingQueue<Request> QUEUE = new LinkedBlockingQueue<>();

  static {
    Thread.ofPlatform().daemon().name("multiproc-spawner").start(Spawner::serve);
  }

  private Spawner() {}

  /**
   * Starts a process on the spawner thread and waits for it to be started. An interrupt does
   * not abandon the start (the process would run unknown to anyone): it is kept for later.
   *
   * @param builder what to start
   * @return the started process
   * @throws IOException if it cannot be started
   */
  static Process start(ProcessBuilder builder) throws IOException {
    var request = new Request(builder, new CompletableFuture<>());
    QUEUE.add(request);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return request.started().get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IOException("cannot start " + builder.command().getFirst(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void serve() {
    while (true) {
      Request r;
      try {
        r = QUEUE.take();
      } catch (InterruptedException e) {
        continue; // nobody may end this thread
      }
      try {
        r.started().complete(r.builder().start());
      } catch (Throwable t) {
        r.started().completeExceptionally(t);
      }
    }
  }
}
