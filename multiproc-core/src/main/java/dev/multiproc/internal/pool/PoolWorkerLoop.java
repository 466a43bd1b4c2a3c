package dev.multiproc.internal.pool;

import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.internal.codec.Codec;
import dev.multiproc.internal.codec.DecodingException;
import dev.multiproc.internal.codec.EncodingException;
import dev.multiproc.internal.codec.TaggedCodec;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import dev.multiproc.internal.transport.SocketFrameChannel;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.Multiprocessing;
import java.io.EOFException;
import java.io.IOException;

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
  private final FrameChannel channel;
  private final Codec codec;
  private final TaskCodec tasks;
  private final long pid;
  private final String name;

  private PoolWorkerLoop(FrameChannel channel, Codec codec) {
    this.channel = channel;
    this.codec = codec;
    this.tasks = new TaskCodec((TaggedCodec) codec);
    ProcessInfo me = Multiprocessing.currentProcess();
    this.pid = me.pid();
    this.name = me.name();
  }

  /**
   * Runs the worker until it is told to stop or its parent goes away; never returns.
   *
   * @param channel the channel to the parent
   * @param codec the codec, with this pool's class filter
   * @param initializer the encoded initializer, or empty
   * @throws IOException if the channel fails
   */
  public static void run(FrameChannel channel, Codec codec, byte[] initializer)
      throws IOException {
    new PoolWorkerLoop(channel, codec).loop(initializer);
  }

  private void loop(byte[] initializer) throws IOException {
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
        frame = channel.receive();
      } catch (EOFException e) {
        exit(0);
        return;
      }
      switch (frame.kind()) {
        case CALL -> call(frame);
        case SHUTDOWN -> exit(0);
        default -> throw new IOException("a pool worker cannot take a " + frame.kind() + " frame");
      }
    }
  }

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
        channel.send(Frame.of(Frame.Kind.EXITING, frame.id())); // flushes what is gathered
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
   * Sends an answer; while the next task has already arrived, answers are gathered and written
   * together when this worker next waits (one system call for a run of small tasks).
   */
  private void answer(Frame frame) throws IOException {
    if (channel instanceof SocketFrameChannel socket && socket.hasFrame()) {
      socket.sendLater(frame);
    } else {
      channel.send(frame);
    }
  }

  private void exit(int code) {
    if (channel instanceof SocketFrameChannel socket) {
      try {
        socket.flush();
      } catch (IOException e) {
        // the parent is gone
      }
    }
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
