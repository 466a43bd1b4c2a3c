package dev.multiproc.internal.spawn;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.codec.EncodingException;
import dev.multiproc.internal.codec.TaggedCodec;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.JvmOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts child processes and keeps the running ones, as Python's {@code process._children}: for
 * {@code activeChildren()}, and for the exit of this JVM, when daemon children are terminated and
 * the others joined (Python's {@code util._exit_function}).
 */
public final class ChildRegistry {
  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
  private static final TaggedCodec CODEC = new TaggedCodec(ClassFilter.defaults());

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
      worker.send(new Frame(Frame.Kind.CONFIGURE, 0,
          CODEC.encode(new WorkerConfig(process.name(), ClassFilter.defaults(), parent))));
      worker.send(new Frame(Frame.Kind.RUN_PROCESS, 0, payload));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM for " + process.name(), e);
    }
    RUNNING.add(process);
    worker.onExit().whenComplete((p, e) -> {
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
    for (ChildProcess child : RUNNING) {
      try {
        if (child.daemon()) {
          if (!child.join(java.time.Duration.ofSeconds(1))) {
            child.kill();
          }
        } else {
          child.join();
        }
      } catch (InterruptedException | IllegalStateException e) {
        // exiting anyway
      }
    }
  }
}
