package dev.multiproc.process;

import dev.multiproc.function.SerializableBiConsumer;
import dev.multiproc.function.SerializableConsumer;
import dev.multiproc.function.SerializableRunnable;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A task run in a child JVM of its own: Python's {@code multiprocessing.Process}. Give it a target
 * (a serializable lambda or method reference) or subclass it and override {@link #run()}; then
 * {@link #start()} it, and {@link #join()} it.
 *
 * <pre>{@code
 * ChildProcess p = new ChildProcess(() -> work("alpha")).name("Worker-A").start();
 * p.join();
 * p.exitCode();   // OptionalInt[0]
 * }</pre>
 *
 * <p>The object is serialized to the child as it is at {@code start()}: fields of a subclass are
 * copied, as Python pickles a {@code Process} under {@code spawn}. The child exits with code 0
 * when {@code run()} returns, 1 (after printing the stack trace to stderr) when it throws, or the
 * code passed to {@code System.exit}; {@link #exitCode()} is {@code -N} when it was ended by signal
 * {@code N}. Its {@code System.out} and {@code System.err} reach this process's, line by line.
 *
 * <p>Exit of the parent: daemon children are terminated, non-daemon children are joined, as
 * Python does. When a signal ends the parent (SIGTERM, SIGINT, SIGHUP), where Python's parent ends
 * at once, non-daemon children are joined for at most 1 s, then terminated (and killed 1 s later):
 * such an exit takes at most about 2 s. A child whose parent dies in any way (even SIGKILL) is
 * killed by the kernel at once, even if it is stopped. A {@link #terminate() terminated} child
 * (SIGTERM) runs its JVM shutdown hooks, which Python's children do not; {@link #kill()}
 * (SIGKILL) runs nothing.
 *
 * <p>What the child starts ends with it: a child JVM leads a process group (and session) of its
 * own, which the processes it starts join, and once the child has ended, however it ended, the
 * group is killed (within about 100 ms, by the family's resource tracker). So a Ctrl-C at a
 * terminal reaches the parent only, whose exit then ends its children as above. Every process
 * started from a child carries {@code MULTIPROC_FAMILY} in its environment and is killed when the
 * whole program has ended; a process meant to outlive the program must leave the group
 * ({@code setsid}) and drop that variable.
 *
 * <p>On the threads context ({@code Multiprocessing.threads()}), as Python's {@code
 * multiprocessing.dummy.Process}, the object runs on a thread of this JVM instead: nothing is
 * copied, {@link #pid()} is this JVM's, the exit code is 0 or 1 (an uncaught exception, whose
 * stack trace is printed to {@code System.err}), {@link #terminate()} and {@link #kill()} throw
 * {@link UnsupportedOperationException}, and the JVM options are ignored. A target must not call
 * {@code System.exit} there: it would end this JVM.
 *
 * <p>Python's rule that a daemon process may not have children does not apply: every child here
 * watches its parent and exits with it, so none is ever orphaned.
 */
public class ChildProcess implements Serializable {
  @java.io.Serial private static final long serialVersionUID = 1L;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /**
   * Where {@link #start()} runs a process: a worker JVM unless the context that made it chose
   * otherwise. Loaded with this class, so that the library notes this JVM's {@code System.out}
   * before user code may replace it.
   */
  private static final Launcher LAUNCHER =
      ServiceLoader.load(Launcher.class, Launcher.class.getClassLoader())
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no "
                          + Launcher.class.getName()
                          + " is declared: multiproc-core's module-info or META-INF/services is missing"));

  /** What the child runs, unless a subclass overrides {@link #run()}. */
  private final @Nullable SerializableRunnable target;

  /** The process's name. */
  private String name;

  /** Whether it is terminated, rather than joined, when the parent exits. */
  private boolean daemon;

  private transient JvmOptions jvm = JvmOptions.defaults();

  private transient volatile @Nullable Runner runner;

  private transient volatile boolean closed;

  /** Creates a process whose {@link #run()} a subclass overrides. */
  protected ChildProcess() {
    this(null);
  }

  /**
   * Creates a process that runs {@code target}. Python: {@code Process(target=f)}.
   *
   * @param target what the child runs; a lambda captures its arguments
   */
  public ChildProcess(@Nullable SerializableRunnable target) {
    this.target = target;
    this.name = "Process-" + COUNTER.incrementAndGet();
  }

  /**
   * Returns a process that runs {@code target(arg)}. Python: {@code Process(target=f,
   * args=(arg,))}.
   *
   * @param target the function
   * @param arg its argument
   * @param <A> the argument type
   * @return the process, not started
   */
  public static <A> ChildProcess of(SerializableConsumer<A> target, A arg) {
    Objects.requireNonNull(target, "target");
    return new ChildProcess(() -> target.acceptChecked(arg));
  }

  /**
   * Returns a process that runs {@code target(a, b)}. Python: {@code Process(target=f, args=(a,
   * b))}.
   *
   * @param target the function
   * @param a the first argument
   * @param b the second argument
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @return the process, not started
   */
  public static <A, B> ChildProcess of(SerializableBiConsumer<A, B> target, A a, B b) {
    Objects.requireNonNull(target, "target");
    return new ChildProcess(() -> target.acceptChecked(a, b));
  }

  /**
   * What the child runs: the target, unless a subclass overrides it. Python: {@code run()}.
   * Called in the child; calling it here runs it here, as in Python. Whatever it throws, checked
   * or not, ends the child with exit code 1 and its stack trace on stderr.
   *
   * @throws Exception whatever the target throws
   */
  public void run() throws Exception {
    if (target != null) {
      target.runChecked();
    }
  }

  /* --------------- settings --------------- */

  /**
   * Returns the name. Python: {@code name}.
   *
   * @return the name, {@code Process-N} unless set
   */
  public String name() {
    return name;
  }

  /**
   * Sets the name, which the child sees as its {@code currentProcess().name()}.
   *
   * @param name the name
   * @return this
   */
  public ChildProcess name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * Returns whether the process is a daemon. Python: {@code daemon}.
   *
   * @return whether it is terminated when the parent exits
   */
  public boolean daemon() {
    return daemon;
  }

  /**
   * Sets whether the process is a daemon: terminated when the parent exits, instead of joined.
   *
   * @param daemon whether it is a daemon
   * @return this
   * @throws IllegalStateException if it was started
   */
  public ChildProcess daemon(boolean daemon) {
    checkOpen();
    if (runner != null) {
      throw new IllegalStateException("process has already started: name=" + name);
    }
    this.daemon = daemon;
    return this;
  }

  /**
   * Sets how the child JVM is started (heap, properties, flags, environment).
   *
   * @param jvm the options
   * @return this
   * @throws IllegalStateException if it was started
   */
  public ChildProcess jvm(JvmOptions jvm) {
    if (runner != null) {
      throw new IllegalStateException("process has already started: name=" + name);
    }
    this.jvm = Objects.requireNonNull(jvm, "jvm");
    return this;
  }

  /* --------------- lifecycle --------------- */

  /**
   * Starts the child: hands this object to a warm spare JVM when one is ready, else to a new one.
   * Python: {@code start()}.
   *
   * @return this
   * @throws IllegalStateException if it was started before or is closed
   * @throws IllegalArgumentException if this object (its target, a captured value, a field)
   *     cannot be sent to the child; the message names the class
   * @throws java.io.UncheckedIOException if no JVM can be started
   */
  public synchronized ChildProcess start() {
    checkOpen();
    if (runner != null) {
      throw new IllegalStateException("cannot start a process twice: name=" + name);
    }
    runner = LAUNCHER.start(this, jvm);
    return this;
  }

  private Runner started(String what) {
    checkOpen();
    Runner w = runner;
    if (w == null) {
      throw new IllegalStateException("can only " + what + " a started process: name=" + name);
    }
    return w;
  }

  /**
   * Waits until the child ends. Python: {@code join()}.
   *
   * @throws IllegalStateException if it was not started
   * @throws InterruptedException if this thread is interrupted
   */
  public void join() throws InterruptedException {
    started("join").join();
  }

  /**
   * Waits at most {@code timeout} for the child to end. Python: {@code join(timeout)}.
   *
   * @param timeout how long to wait
   * @return whether it ended
   * @throws IllegalStateException if it was not started
   * @throws InterruptedException if this thread is interrupted
   */
  public boolean join(Duration timeout) throws InterruptedException {
    return started("join").join(timeout);
  }

  /**
   * Returns whether the child runs. Python: {@code is_alive()}.
   *
   * @return whether it was started and has not ended
   */
  public boolean isAlive() {
    checkOpen();
    Runner w = runner;
    return w != null && w.isAlive();
  }

  /**
   * Sends SIGTERM: its shutdown hooks run, then it exits; exit code -15. Python: {@code
   * terminate()}.
   *
   * @throws IllegalStateException if it was not started
   * @throws UnsupportedOperationException on the threads context: a thread cannot be stopped
   */
  public void terminate() {
    started("terminate").terminate();
  }

  /**
   * Sends SIGKILL: it ends at once; exit code -9. Python: {@code kill()}.
   *
   * @throws IllegalStateException if it was not started
   * @throws UnsupportedOperationException on the threads context: a thread cannot be stopped
   */
  public void kill() {
    started("kill").kill();
  }

  /**
   * Returns how the child ended, or {@link ExitStatus.Running} if it has not (or was not started).
   *
   * @return the status
   */
  public ExitStatus exitStatus() {
    checkOpen();
    Runner w = runner;
    if (w == null || w.isAlive()) {
      return new ExitStatus.Running();
    }
    return w.exitStatus();
  }

  /**
   * Returns Python's {@code exitcode}: empty while running or not started, the code once exited,
   * {@code -N} when ended by signal {@code N}.
   *
   * @return the exit code
   */
  public OptionalInt exitCode() {
    return exitStatus().exitCode();
  }

  /**
   * Returns the child's pid once started. Python: {@code pid}.
   *
   * @return the pid, or empty before {@code start()} and where the child has no pid on this
   *     machine (a process on a cluster runs on a member's worker)
   */
  public OptionalLong pid() {
    Runner w = runner;
    long pid = w == null ? -1 : w.pid();
    return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
  }

  /**
   * Releases what this object holds; later calls of its methods throw. Python: {@code close()}.
   *
   * @throws IllegalStateException if the child is still running
   */
  public synchronized void close() {
    Runner w = runner;
    if (w != null && w.isAlive()) {
      throw new IllegalStateException(
          "cannot close a process while it is still running: name="
              + name
              + "; call join() or terminate() first");
    }
    if (w != null) {
      w.release();
    }
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("process object is closed: name=" + name);
    }
  }

  @Override
  public String toString() {
    Runner w = runner;
    String state = w == null ? "initial" : w.isAlive() ? "started" : "stopped " + exitStatus();
    return "ChildProcess[name="
        + name
        + ", "
        + state
        + (daemon ? ", daemon" : "")
        + (w == null ? "" : ", pid=" + w.pid())
        + "]";
  }

  /**
   * What starts processes: a backend's. The core provides it, found through {@link
   * ServiceLoader}; applications do not implement or call it.
   */
  @FunctionalInterface
  public interface Launcher {
    /**
     * Starts {@code process} where the context that made it runs processes.
     *
     * @param process the process object, as it is at {@code start()}
     * @param jvm the JVM options it was given (ignored where no JVM is started)
     * @return what runs it
     */
    Runner start(ChildProcess process, JvmOptions jvm);
  }

  /**
   * What runs a started process, for a {@link Launcher}: a worker JVM or a thread. The process
   * object delegates its lifecycle here.
   */
  public interface Runner {
    /**
     * Waits until it ends.
     *
     * @throws InterruptedException if this thread is interrupted
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until it ends.
     *
     * @param timeout how long
     * @return whether it ended
     * @throws InterruptedException if this thread is interrupted
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Returns whether it is still running.
     *
     * @return true until it ends
     */
    boolean isAlive();

    /** Asks it to end: SIGTERM for a JVM. */
    void terminate();

    /** Ends it at once: SIGKILL for a JVM. */
    void kill();

    /**
     * Returns how it ended; called once it has.
     *
     * @return the exit status
     */
    ExitStatus exitStatus();

    /**
     * Returns the pid of the process it runs in.
     *
     * @return the pid; negative if it runs on another machine
     */
    long pid();

    /** Releases what it holds once it has ended. */
    void release();
  }
}
