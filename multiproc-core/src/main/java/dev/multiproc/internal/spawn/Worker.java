package dev.multiproc.internal.spawn;

import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import dev.multiproc.process.JvmOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The parent's handle on one worker JVM: its process, its frame channel and its stdin (which
 * carried the key and stays open while the worker lives).
 */
public final class Worker {
  private final Process process;
  private final FrameChannel channel;
  private final JvmOptions options;
  private final OutputStream lifeline;
  private final List<Thread> pumps;
  private final boolean inheritsStdout;
  private volatile boolean child;

  /**
   * Completed once the pool this worker last served saw it leave ({@code true}), or saw it end
   * instead ({@code false}): a pool hands its worker back as soon as it sent the release, and the
   * next pool may send its own frames behind it at once.
   */
  private volatile CompletableFuture<Boolean> left = CompletableFuture.completedFuture(true);

  /** Whether it ran a pool's tasks: then it goes only to pools that allow reuse. */
  private volatile boolean ranPoolTasks;

  Worker(
      Process process,
      FrameChannel channel,
      JvmOptions options,
      List<Thread> pumps,
      boolean inheritsStdout) {
    this.process = process;
    this.channel = channel;
    this.options = options;
    this.lifeline = process.getOutputStream();
    this.pumps = pumps;
    this.inheritsStdout = inheritsStdout;
  }

  /** Returns whether its stdout is this JVM's own, not relayed ({@link ChildOutput}). */
  boolean inheritsStdout() {
    return inheritsStdout;
  }

  /** Marks this worker as a child process, which the parent's exit joins or terminates itself. */
  void becomeChild() {
    child = true;
  }

  boolean isChild() {
    return child;
  }

  List<Thread> pumps() {
    return pumps;
  }

  /**
   * Returns whether the pool this worker last served saw it leave (true) or end (false); not done
   * while that is still on its way.
   *
   * @return the future
   */
  public CompletableFuture<Boolean> left() {
    return left;
  }

  /**
   * Notes that the worker was sent its release, and that {@code left} says how it ends.
   *
   * @param left completed with whether the worker left its pool and waits for another
   */
  public void leaving(CompletableFuture<Boolean> left) {
    this.left = left;
  }

  /** Returns whether it ran a pool's tasks, as far as {@link SpareWorkers#giveBack} was told. */
  boolean ranPoolTasks() {
    return ranPoolTasks;
  }

  void ranPoolTasks(boolean ran) {
    ranPoolTasks = ran;
  }

  /**
   * Returns the worker's pid.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Returns the options it was started with.
   *
   * @return the options
   */
  public JvmOptions options() {
    return options;
  }

  /**
   * Returns the channel to the worker.
   *
   * @return the channel
   */
  public FrameChannel channel() {
    return channel;
  }

  /**
   * Sends a frame.
   *
   * @param frame the frame
   * @throws IOException if the worker is gone
   */
  public void send(Frame frame) throws IOException {
    channel.send(frame);
  }

  /**
   * Returns whether the process is alive.
   *
   * @return whether it runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Returns a future completed when the process has ended.
   *
   * @return the future
   */
  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /**
   * Returns the process.
   *
   * @return the process
   */
  public Process process() {
    return process;
  }

  /**
   * Sends SIGTERM. Through the process handle, not {@link Process#destroy()}, which also closes
   * the pipes, so that what the worker's shutdown hooks print still arrives.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Sends SIGKILL and closes the channel. */
  public void kill() {
    process.toHandle().destroyForcibly();
    channel.close();
  }

  /** Closes the channel and stdin: a worker waiting for a job exits on its own. */
  public void release() {
    channel.close();
    try {
      lifeline.close();
    } catch (IOException e) {
      // it is gone already
    }
  }

  @Override
  public String toString() {
    return "Worker[pid=" + pid() + "]";
  }
}
