package dev.multiproc.internal.spawn;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.classes.ClassServer;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.spi.CurrentProcessState;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.TaggedCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts child processes and keeps the running ones, as Python's {@code process._children}: for
 * {@code activeChildren()}, and for the exit of this JVM, when daemon children are terminated and
 * the others joined (Python's {@code util._exit_function}). The join has no bound when the
 * program ends normally; when a signal ends it, the join is bounded ({@link #SIGNAL_EXIT_JOIN}).
 */
public final class ChildRegistry {
  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
  private static final TaggedCodec CODEC = new TaggedCodec(ClassFilter.defaults());

  /**
   * How long the exit of a JVM ended by a signal (SIGTERM, SIGINT, SIGHUP) waits for non-daemon
   * children before it terminates them. Python's parent ends at once on such a signal; here a
   * child cannot outlive its parent, so it gets this long to finish, then SIGTERM, then SIGKILL
   * {@link #TERMINATE_WAIT} later: such an exit takes at most about 2 s.
   */
  public static final Duration SIGNAL_EXIT_JOIN = Duration.ofSeconds(1);

  /** How long a terminated child has to end before it is killed at exit. */
  static final Duration TERMINATE_WAIT = Duration.ofSeconds(1);

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Set<String> SIGNAL_THREADS =
      Set.of("SIGTERM handler", "SIGINT handler", "SIGHUP handler");

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildRegistry::atExit, "multiproc-children-at-exit"));
  }

  private ChildRegistry() {}

  /**
   * Starts {@code process} in a worker JVM.
   *
   * @param process the process object, sent to the child as it is now
   * @param jvm how to start the JVM
   * @return the worker running it
   */
  public static Worker start(ChildProcess process, JvmOptions jvm) {
    byte[] payload;
    try {
      payload = CODEC.encode(process);
    } catch (EncodingException e) {
      throw new IllegalArgumentException(
          "cannot send the process to a child: " + e.getMessage(), e);
    }
    Worker worker;
    try {
      worker = SpareWorkers.get().take(jvm);
      worker.becomeChild();
      String parent = CurrentProcessState.current().name();
      worker.send(
          new Frame(
              Frame.Kind.CONFIGURE,
              0,
              new WorkerConfig(process.name(), ClassFilter.defaults(), parent).encode()));
      worker.send(new Frame(Frame.Kind.RUN_PROCESS, 0, payload));
      // the child asks for the classes its class path lacks on this channel, until it ends
      Thread.ofPlatform()
          .daemon()
          .name("multiproc-classes-" + worker.pid())
          .start(() -> ClassServer.serve(worker.channel()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM for " + process.name(), e);
    }
    RUNNING.add(process);
    worker
        .onExit()
        .whenComplete(
            (p, e) -> {
              RUNNING.remove(process);
              worker.channel().close(); // nothing more comes on it: do not wait for close()
            });
    return worker;
  }

  /**
   * Returns the children started by this process that are still running.
   *
   * @return the children
   */
  public static List<ChildProcess> active() {
    return RUNNING.stream().filter(ChildProcess::isAlive).toList();
  }

  private static void atExit() {
    for (ChildProcess child : RUNNING) {
      if (child.daemon() && child.isAlive()) {
        child.terminate();
      }
    }
    long signalled = -1;
    for (ChildProcess child : RUNNING) {
      try {
        if (child.daemon()) {
          if (!child.join(TERMINATE_WAIT)) {
            child.kill();
          }
          continue;
        }
        while (!child.join(POLL)) {
          if (signalled < 0 && endedBySignal()) {
            signalled = System.nanoTime();
          }
          if (signalled >= 0 && System.nanoTime() - signalled > SIGNAL_EXIT_JOIN.toNanos()) {
            child.terminate();
            if (!child.join(TERMINATE_WAIT)) {
              child.kill();
            }
            break;
          }
        }
      } catch (InterruptedException | IllegalStateException e) {
        // exiting anyway
      }
    }
  }

  /**
   * Whether this JVM is exiting because of a signal: the JDK runs the exit of SIGTERM, SIGINT
   * and SIGHUP on a thread it names {@code SIG<NAME> handler}, which waits in the exit while the
   * shutdown hooks run.
   */
  private static boolean endedBySignal() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      if (SIGNAL_THREADS.contains(threads[i].getName())) {
        return true;
      }
    }
    return false;
  }
}
