package dev.multiproc.internal.spawn;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.classes.CallerChannel;
import dev.multiproc.internal.classes.CallerClassLoader;
import dev.multiproc.internal.classes.ClassSources;
import dev.multiproc.internal.shm.Futex;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import dev.multiproc.internal.transport.SocketFrameChannel;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.spi.Codec;
import dev.multiproc.spi.CurrentProcessState;
import dev.multiproc.spi.TaggedCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The main class of every worker JVM. It connects back to its parent, waits to be given a job,
 * then becomes either a child process ({@link ChildMain}) or a pool worker ({@link PoolRole}). A
 * spare worker waits here, warm, until it is taken; a pool worker that its
 * pool released comes back here and waits for the next pool.
 *
 * <p>Orphans: when the parent dies, however it dies, the kernel kills this JVM at once (SIGKILL,
 * which also ends a stopped one), as {@code setpriv --pdeathsig} asked it to before java started
 * ({@link JvmCommand}). A watcher thread checks too: the kernel then gives this process a new
 * parent, which it sees within {@link #PARENT_POLL_MS} and halts. A parent that died before the
 * death signal was set is caught at start: the parent must be the pid on the command line. The key
 * arrives on stdin, so it is never on a command line; user code then sees an empty {@code
 * System.in}, as Python's children see {@code /dev/null}.
 */
public final class WorkerMain {
  /** Exit code of a worker that halted because its parent died. */
  public static final int EXIT_ORPHANED = 70;

  /** Exit code of a worker whose parent broke the protocol. */
  public static final int EXIT_PROTOCOL = 71;

  /** The argument that tells a worker it is a spare, with time to warm up. */
  static final String SPARE_FLAG = "--spare";

  /** Rounds of a spare's warm-up: enough for the JIT to compile the decoding paths. */
  private static final int WARM_UP_ROUNDS = Integer.getInteger("multiproc.warmup", 200);

  /** How often a worker checks that its parent still runs; it exits within this after. */
  static final long PARENT_POLL_MS = 100;

  private WorkerMain() {}

  /** Finds the pool's worker loop: before HELLO, so that a spare has done it when taken. */
  private static PoolRole poolRole() {
    return ServiceLoader.load(PoolRole.class, PoolRole.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no "
                        + PoolRole.class.getName()
                        + " is declared: multiproc-core's module-info or META-INF/services is missing"));
  }

  /**
   * Runs the worker.
   *
   * @param args the rendezvous socket path, the parent's pid, then {@code --spare} for a spare
   */
  public static void main(String[] args) {
    // looked up once, now: it reads /proc, which costs a warm start 1.5-4 ms when it is taken
    long parentPid = parentPid();
    if (parentPid != Long.parseLong(args[1])) {
      Runtime.getRuntime().halt(EXIT_ORPHANED); // it died before the kernel was told to kill us
    }
    InputStream stdin = new FileInputStream(FileDescriptor.in);
    String key;
    try {
      key = readLine(stdin);
    } catch (IOException e) {
      Runtime.getRuntime().halt(EXIT_ORPHANED);
      return;
    }
    System.setIn(new ByteArrayInputStream(new byte[0]));
    watchParent(parentPid);
    try {
      // warm up first: a spare counts as ready from its HELLO on
      warmUp(args.length > 2 && args[2].equals(SPARE_FLAG) ? WARM_UP_ROUNDS : 1);
      PoolRole pool = poolRole();
      FrameChannel channel = connect(Path.of(args[0]));
      long pid = ProcessHandle.current().pid();
      channel.send(new Frame(Frame.Kind.HELLO, pid, key.getBytes(StandardCharsets.US_ASCII)));
      // what this worker's class path lacks, it loads from its caller (the class channel)
      var caller = new CallerChannel(channel);
      var callerClasses = new CallerClassLoader(caller, ClassLoader.getSystemClassLoader());
      ClassSources.useCaller(callerClasses);
      Thread.currentThread().setContextClassLoader(callerClasses);
      while (true) { // a pool that releases this worker hands it back for another job
        Frame configure = caller.receive();
        if (configure.kind() == Frame.Kind.SHUTDOWN) {
          System.exit(0);
        }
        expect(configure, Frame.Kind.CONFIGURE);
        var config = WorkerConfig.decode(configure.payload());
        CurrentProcessState.becomeWorker(
            config.name(), new ProcessInfo(config.parentName(), Math.max(0, parentPid)));
        Codec codec = new TaggedCodec(config.filter());
        Frame job = caller.receive();
        switch (job.kind()) {
          case RUN_PROCESS -> ChildMain.run(codec, job.payload());
          case INIT_POOL -> {
            CurrentProcessState.daemon(true); // Python's pool workers are daemons
            pool.run(caller, codec, job.payload());
          }
          case SHUTDOWN -> System.exit(0);
          default -> throw new IOException("unexpected first job: " + job.kind());
        }
      }
    } catch (EOFException e) {
      System.exit(0); // the parent let go of a spare
    } catch (IOException | RuntimeException e) {
      System.err.println("multiproc worker pid=" + ProcessHandle.current().pid() + ": " + e);
      System.exit(EXIT_PROTOCOL);
    }
  }

  /**
   * Connects to the rendezvous socket; ends this JVM without a word when the socket is gone: its
   * parent removed its socket directory because it is exiting (a spare still starting then), and
   * a parent still waiting for this worker reports the failed start itself.
   */
  private static FrameChannel connect(Path socket) throws IOException {
    try {
      return SocketFrameChannel.connect(socket);
    } catch (IOException e) {
      if (Files.exists(socket)) {
        throw e;
      }
      Runtime.getRuntime().halt(EXIT_ORPHANED);
      throw e; // not reached
    }
  }

  private static void expect(Frame frame, Frame.Kind kind) throws IOException {
    if (frame.kind() != kind) {
      throw new IOException("expected " + kind + " but got " + frame.kind());
    }
  }

  private static String readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream(80);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("no key");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  /**
   * Halts this JVM once its parent is gone: the kernel then gives it another parent. A sleeping
   * thread, not a blocked read of the parent's pipe: a thread blocked reading stdin delays every
   * JVM exit by ~330 ms (measured on JDK 25), which a warm start cannot afford.
   */
  private static void watchParent(long parent) {
    Thread watcher =
        new Thread(
            () -> {
              while (parentPid() == parent) {
                try {
                  Thread.sleep(PARENT_POLL_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
              Runtime.getRuntime().halt(EXIT_ORPHANED);
            },
            "multiproc-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static long parentPid() {
    return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
  }

  /**
   * Loads what decoding a job needs (serialization, lambda deserialization) before the job
   * arrives; a spare, which has time, repeats it until the JIT has compiled those paths, so a job
   * handed to it starts at once.
   */
  private static void warmUp(int rounds) {
    try {
      var codec = new TaggedCodec(ClassFilter.defaults());
      SerializableRunnable target = WorkerMain::idle;
      for (int i = 0; i < rounds; i++) {
        codec.decode(codec.encode(new ChildProcess(target)));
        WorkerConfig.decode(
            new WorkerConfig("warm-up", ClassFilter.defaults(), "warm-up").encode());
        codec.decode(codec.encode(new ArrayList<>(List.of(1, 2L, "three", 4.0))));
        codec.decode(codec.encode(new IllegalStateException("warm-up")));
      }
    } catch (RuntimeException e) {
      // only a warm-up
    }
    if (rounds > 1) {
      prepareExit();
      prepareNativeAccess();
    }
  }

  /**
   * Makes the first call through FFM now: the native linker and the library's libc handles cost
   * a JVM's first shared-memory queue, lock or pipe about 100 ms, which a spare pays while it
   * waits instead of the child (a manager answers its parent through such a pipe).
   */
  static void prepareNativeAccess() {
    try (Arena arena = Arena.ofConfined()) {
      Futex.wake(arena.allocate(Integer.BYTES, Integer.BYTES), 0, 1); // nobody waits on it
    } catch (RuntimeException | LinkageError e) {
      // only a warm-up
    }
  }

  /**
   * Brings up now what {@link System#exit} would bring up at the end: since JDK 21, {@code
   * Runtime.exit} asks the {@code System.Logger} "java.lang.Runtime" whether to log the exit,
   * and the first logger starts the logging framework (about 12 ms on JDK 25). A spare does it
   * while it waits, so that a child it becomes exits in about 4 ms instead of 17.
   */
  private static void prepareExit() {
    System.getLogger("java.lang.Runtime").isLoggable(System.Logger.Level.DEBUG);
  }

  /**
   * The warm-up's serializable lambda's target, which does nothing; public, so that deserializing
   * the lambda reaches nothing that is not public already.
   */
  public static void idle() {}
}
