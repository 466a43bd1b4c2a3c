package dev.multiproc.internal.classes;

import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A worker's channel to its caller, shared by the worker's task loop and its class requests.
 *
 * <p>Whoever needs a frame reads the channel, one thread at a time (leader/follower, no thread of
 * its own): the task loop in {@link #receive}, or a thread that asks for a class in {@link
 * #fetch}. The reader keeps what is not its own for its owner: a task loop that reads a class
 * reply completes the waiting request; a requester that reads a task frame holds it for the task
 * loop. So a class is loaded while the task loop is blocked waiting for work (a thread of the task
 * loads it), while the task loop is itself the requester (a task being decoded or run), and in a
 * child process, where nothing else reads the channel. No request waits for a thread that waits for
 * it: a requester either reads the channel itself or is woken by the thread that does.
 *
 * <p>A request ends with the caller's answer, or with an error when the channel ends: never a
 * hang while the caller lives (its reader answers every request, {@link ClassServer}).
 */
public final class CallerChannel {
  /** How often a requester that does not read checks whether it may read instead. */
  private static final long HANDOVER_MS = 20;

  private final FrameChannel channel;
  private final ReentrantLock reading = new ReentrantLock();
  private final Queue<Frame> held = new ConcurrentLinkedQueue<>();
  private final Map<Long, CompletableFuture<ClassReply>> waiting = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();

  /**
   * Wraps the worker's channel to its caller.
   *
   * @param channel the authenticated channel
   */
  public CallerChannel(FrameChannel channel) {
    this.channel = channel;
  }

  /**
   * Returns the channel, for sending.
   *
   * @return the channel
   */
  public FrameChannel channel() {
    return channel;
  }

  /**
   * Returns the next frame for the task loop, answering class replies that arrive before it.
   *
   * @return the frame
   * @throws IOException if the channel fails or ends
   */
  public Frame receive() throws IOException {
    reading.lock();
    try {
      Frame frame = held.poll();
      if (frame != null) {
        return frame;
      }
      while (true) {
        frame = readOne();
        if (frame.kind() != Frame.Kind.CLASS_REPLY) {
          return frame;
        }
        replied(frame);
      }
    } finally {
      reading.unlock();
    }
  }

  /**
   * Asks the caller for a resource and waits for its answer.
   *
   * @param name the resource name, such as {@code com/example/Task.class}
   * @return the answer
   * @throws IOException if the channel fails or ends first, or the answer is malformed
   */
  public ClassReply fetch(String name) throws IOException {
    return fetch(null, name);
  }

  /**
   * Asks for a resource of one caller of the parent's ({@link Frame.Kind#ORIGIN_CLASS_REQUEST})
   * and waits for the answer.
   *
   * @param origin the caller's name, or null for the parent itself
   * @param name the resource name, such as {@code com/example/Task.class}
   * @return the answer
   * @throws IOException if the channel fails or ends first, or the answer is malformed
   */
  public ClassReply fetch(@Nullable String origin, String name) throws IOException {
    long id = requests.incrementAndGet();
    var reply = new CompletableFuture<ClassReply>();
    waiting.put(id, reply);
    try {
      channel.send(
          origin == null
              ? new Frame(Frame.Kind.CLASS_REQUEST, id, name.getBytes(StandardCharsets.UTF_8))
              : new Frame(
                  Frame.Kind.ORIGIN_CLASS_REQUEST,
                  id,
                  (origin + "\n" + name).getBytes(StandardCharsets.UTF_8)));
      while (!reply.isDone()) {
        if (reading.tryLock()) {
          try {
            while (!reply.isDone()) {
              Frame frame = readOne();
              if (frame.kind() == Frame.Kind.CLASS_REPLY) {
                replied(frame);
              } else {
                held.add(frame);
              }
            }
          } finally {
            reading.unlock();
          }
        } else {
          try {
            reply.get(HANDOVER_MS, TimeUnit.MILLISECONDS); // the reader completes it
          } catch (TimeoutException e) {
            // the reader may have stopped reading: try to read ourselves
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name + " from the caller", e);
          }
        }
      }
      return reply.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new IOException("a bad answer for " + name + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + name + " from the caller", e);
    } finally {
      waiting.remove(id);
    }
  }

  /** Reads one frame; if the channel ends, every waiting request fails with it. */
  private Frame readOne() throws IOException {
    try {
      return channel.receive();
    } catch (IOException e) {
      waiting.values().forEach(r -> r.completeExceptionally(e));
      throw e;
    }
  }

  private void replied(Frame frame) {
    CompletableFuture<ClassReply> reply = waiting.get(frame.id());
    if (reply == null) {
      return; // its requester gave up (interrupted)
    }
    try {
      reply.complete(ClassReply.decode(frame.payload()));
    } catch (IllegalArgumentException e) {
      reply.completeExceptionally(new IOException(e.getMessage(), e));
    }
  }
}
