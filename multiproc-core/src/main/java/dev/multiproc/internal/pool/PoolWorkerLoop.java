package dev.multiproc.internal.pool;

import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.classes.CallerChannel;
import dev.multiproc.internal.classes.ClassSources;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.Codec;
import dev.multiproc.spi.CurrentProcessState;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.PoolTask;
import dev.multiproc.spi.TaggedCodec;
import dev.multiproc.spi.TaskCodec;
import dev.multiproc.spi.TaskFailure;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The loop of a pool worker: run the initializer (and say READY once it returned), then decode,
 * run and answer one CALL frame after another, in the order they came, on this one thread.
 * Python: {@code multiprocessing.pool.worker}.
 *
 * <p>An {@link OutOfMemoryError} or other {@link VirtualMachineError} in a task is reported like
 * any exception, then the worker exits so that a fresh JVM replaces it: its heap and static state
 * can no longer be trusted.
 */
public final class PoolWorkerLoop {
  private final CallerChannel caller;
  private final FrameChannel channel;
  private final Codec codec;
  private final TaskCodec tasks;
  private final long pid;
  private final String name;

  private PoolWorkerLoop(CallerChannel caller, Codec codec) {
    this.caller = caller;
    this.channel = caller.channel();
    this.codec = codec;
    this.tasks = new TaskCodec((TaggedCodec) codec);
    ProcessInfo me = CurrentProcessState.current();
    this.pid = me.pid();
    this.name = me.name();
  }

  /**
   * Runs the worker until it is told to stop or its parent goes away, or until its pool releases
   * it ({@link Frame.Kind#RELEASE}): then it answers {@link Frame.Kind#RELEASED} and returns, and
   * the worker waits for another pool.
   *
   * @param caller the channel to the parent, shared with the class channel's requests
   * @param codec the codec, with this pool's class filter
   * @param initializer the encoded initializer, or empty
   * @throws IOException if the channel fails
   */
  public static void run(CallerChannel caller, Codec codec, byte[] initializer) throws IOException {
    new PoolWorkerLoop(caller, codec).loop(initializer);
  }

  private void loop(byte[] initializer) throws IOException {
    runFor(null); // a worker that served another pool starts with its own caller's classes
    if (initializer.length > 0) {
      try {
        ((SerializableRunnable) codec.decode(initializer)).runChecked();
      } catch (Throwable t) {
        fail(Frame.Kind.INIT_FAILED, 0, TaskFailure.Kind.INITIALIZER_THREW, t);
        exit(1);
      }
      channel.send(Frame.of(Frame.Kind.READY, 0));
    }
    while (true) {
      Frame frame;
      try {
        frame = caller.receive();
      } catch (EOFException e) {
        exit(0);
        return;
      }
      switch (frame.kind()) {
        case CALL -> call(frame);
        case ORIGIN -> runFor(frame);
        case SHUTDOWN -> exit(0);
        case RELEASE -> {
          if (!leftNothingRunning()) {
            exit(0); // what its tasks left running ends with it
          }
          release();
          return;
        }
        default -> throw new IOException("a pool worker cannot take a " + frame.kind() + " frame");
      }
    }
  }

  /**
   * Loads the classes of the tasks that follow from the caller an {@link Frame.Kind#ORIGIN}
   * frame names (empty: the pool's own caller), also as their threads' context class loader.
   */
  private static void runFor(@Nullable Frame frame) {
    String origin =
        frame == null || frame.payload().length == 0
            ? null
            : new String(frame.payload(), StandardCharsets.UTF_8);
    ClassLoader loader = ClassSources.runFor(origin);
    if (loader != null) {
      Thread.currentThread().setContextClassLoader(loader);
    }
  }

  // NullAway: null (Python's None) is a value the codecs carry, which Codec's Object does not say
  @SuppressWarnings("NullAway")
  private void call(Frame frame) throws IOException {
    PoolTask task;
    try {
      task = tasks.decode(frame.payload());
    } catch (DecodingException | ClassCastException | IllegalArgumentException e) {
      fail(Frame.Kind.FAILURE, frame.id(), TaskFailure.Kind.TASK_NOT_DECODED, e);
      return;
    }
    Object result;
    try {
      result = task.call();
    } catch (Throwable t) {
      fail(Frame.Kind.FAILURE, frame.id(), TaskFailure.Kind.THREW, t);
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        channel.send(Frame.of(Frame.Kind.EXITING, frame.id()));
        exit(1);
      }
      return;
    }
    byte[] bytes;
    try {
      bytes = codec.encode(result);
    } catch (EncodingException e) {
      fail(Frame.Kind.FAILURE, frame.id(), TaskFailure.Kind.RESULT_NOT_ENCODED, e);
      return;
    }
    answer(new Frame(Frame.Kind.RESULT, frame.id(), bytes));
  }

  private void fail(Frame.Kind frameKind, long id, TaskFailure.Kind kind, Throwable t)
      throws IOException {
    TaskFailure failure = TaskFailure.of(kind, t, codec, pid, name);
    answer(new Frame(frameKind, id, codec.encode(failure)));
  }

  /**
   * Sends an answer at once, before the next task starts: that task may end this JVM (a {@code
   * System.exit}, a crash, a kill), and the parent must by then have every answer of the tasks
   * before it, or it would fail a task that finished and run again the one that ended the worker.
   */
  private void answer(Frame frame) throws IOException {
    channel.send(frame);
  }

  /**
   * Whether the tasks left nothing running that would outlive the pool in a reused worker: no
   * process started by this JVM, no worker JVM of its own started or on its way (a task that
   * used the library's local context), no thread other than daemons and this one. A worker that
   * has such is not reused: it exits, and the processes end with it (its process group).
   */
  private static boolean leftNothingRunning() {
    if (SpareWorkers.get().hasStartedWorkers()) {
      return false;
    }
    Thread me = Thread.currentThread();
    ThreadGroup root = me.getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      if (threads[i] != me && !threads[i].isDaemon() && threads[i].isAlive()) {
        return false;
      }
    }
    return !hasChildProcess();
  }

  /**
   * Reads the kernel's list of children of each thread of this JVM. Plain file reads of a few
   * bytes: {@code Files.readString} per thread cost a worker's release about 1 ms.
   */
  private static boolean hasChildProcess() {
    String[] tasks = new File("/proc/self/task").list();
    if (tasks == null) {
      return ProcessHandle.current().children().findAny().isPresent();
    }
    byte[] buffer = new byte[32];
    for (String task : tasks) {
      try (var in = new FileInputStream("/proc/self/task/" + task + "/children")) {
        if (in.read(buffer) > 0) { // "pid pid ...", or nothing
          return true;
        }
      } catch (IOException | RuntimeException e) {
        // a thread that ended meanwhile: its children went to another thread, perhaps one read
        return ProcessHandle.current().children().findAny().isPresent();
      }
    }
    return false;
  }

  /** Leaves the pool: its output first, then the last frame of this pool. */
  private void release() throws IOException {
    System.out.flush();
    System.err.flush();
    channel.send(Frame.of(Frame.Kind.RELEASED, 0));
  }

  private void exit(int code) {
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
