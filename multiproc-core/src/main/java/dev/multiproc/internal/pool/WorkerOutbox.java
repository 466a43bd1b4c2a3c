package dev.multiproc.internal.pool;

import dev.multiproc.internal.spawn.Worker;
import dev.multiproc.internal.transport.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The frames on their way to one worker, written in the order they were queued and never under
 * the engine's lock: a worker that stops reading (stopped by a signal, swapped out, in a long GC
 * pause) stalls only its own outbox, never the pool.
 *
 * <p>The engine queues frames with {@link #add} under its lock, in the order its in-flight lists
 * have them, and calls {@link #flush} once it has released the lock. A frame is written on that
 * calling thread when the write cannot block: the worker has read all but {@link #INLINE_LIMIT}
 * bytes of what it was sent, so the frame fits in the socket's send buffer whatever the worker
 * does. Otherwise a writer thread of this outbox writes it and what is queued behind it, and ends
 * when the outbox is empty; a frozen worker holds that thread, and only that thread, until the
 * engine kills the worker for its task's deadline. One thread writes at a time, in queue order.
 *
 * <p>A write that fails (the worker is gone, or was killed while it was sent a frame) kills the
 * worker, so that its reader thread cleans up, and marks the tasks whose frames did not get out
 * as {@linkplain WorkItem#undelivered undelivered}: they never reached the worker.
 */
final class WorkerOutbox {
  /**
   * Bytes a worker may have left unread for a frame still to be written on the caller's thread:
   * far below the socket's send buffer ({@code net.core.wmem_default}, 208 KiB by default), so
   * that such a write never waits for the worker. Zero (always the writer thread) where that
   * buffer is unknown or small.
   */
  static final long INLINE_LIMIT = inlineLimit();

  /** Bytes of a frame's length word, kind and id. */
  static final int FRAME_HEADER = Integer.BYTES + 1 + Long.BYTES;

  private record Outgoing(Frame frame, @Nullable WorkItem item, @Nullable Runnable written) {
    long bytes() {
      return FRAME_HEADER + (long) frame.payload().length;
    }
  }

  private final Worker worker;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();

  /** Frames not yet written; guarded by lock. */
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();

  /** Whether a thread owns the writes (drains the queue); guarded by lock. */
  private boolean writing;

  /** Bytes written that the worker may not have read yet; guarded by lock. */
  private long unread;

  /** Whether a write failed: what is queued is dropped; guarded by lock. */
  private boolean failed;

  /**
   * Creates the outbox of a worker that was already sent {@code unread} bytes.
   *
   * @param worker the worker
   * @param name its name, for the writer thread's
   * @param unread bytes sent before and not known to be read
   */
  WorkerOutbox(Worker worker, String name, long unread) {
    this.worker = worker;
    this.name = name;
    this.unread = unread;
  }

  private static long inlineLimit() {
    // read by lines: Files.readAllBytes trusts the size procfs reports and can stop short
    try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/core/wmem_default"))) {
      String line = in.readLine();
      long buffer = line == null ? 0 : Long.parseLong(line.strip());
      return buffer < 64 * 1024 ? 0 : Math.min(32 * 1024, buffer / 4);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Queues a frame; it is written at the next {@link #flush}. Never blocks on the worker.
   *
   * @param frame the frame
   * @param item the task it carries, if any
   */
  void add(Frame frame, @Nullable WorkItem item) {
    add(frame, item, null);
  }

  /**
   * Queues a frame; once it is written, {@code written} runs on the thread that wrote it, with no
   * lock of this outbox held. It does not run if the write fails.
   *
   * @param frame the frame
   * @param item the task it carries, if any
   * @param written what to do once the frame is out, if anything
   */
  void add(Frame frame, @Nullable WorkItem item, @Nullable Runnable written) {
    lock.lock();
    try {
      if (failed) {
        if (item != null) {
          item.undelivered = true;
        }
        return;
      }
      queue.addLast(new Outgoing(frame, item, written));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Notes that the worker has read {@code bytes} more of what it was sent (it answered a task).
   *
   * @param bytes the size of the frames it read
   */
  void read(long bytes) {
    lock.lock();
    try {
      unread = Math.max(0, unread - bytes);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes what is queued, on this thread as far as that cannot block, then on the writer
   * thread. The caller holds no lock of the engine's.
   */
  void flush() {
    lock.lock();
    try {
      if (writing || queue.isEmpty()) {
        return;
      }
      writing = true;
    } finally {
      lock.unlock();
    }
    drain(true);
  }

  /** Writes queued frames while this thread owns the writes; hands them on if it must. */
  private void drain(boolean inline) {
    while (true) {
      Outgoing next;
      lock.lock();
      try {
        next = queue.peekFirst();
        if (next == null) {
          writing = false;
          return;
        }
        if (inline && unread + next.bytes() > INLINE_LIMIT) {
          // it may wait for the worker: a thread of its own writes the rest (writing stays true)
          Thread.ofPlatform().daemon().name("multiproc-writer-" + name).start(() -> drain(false));
          return;
        }
        queue.pollFirst();
        unread += next.bytes();
      } finally {
        lock.unlock();
      }
      try {
        worker.send(next.frame());
      } catch (IOException e) {
        fail(next);
        return;
      }
      Runnable written = next.written();
      if (written != null) {
        written.run();
      }
    }
  }

  private void fail(Outgoing partly) {
    List<Outgoing> dropped;
    lock.lock();
    try {
      failed = true;
      writing = false;
      dropped = new ArrayList<>(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    dropped.add(partly);
    for (Outgoing o : dropped) {
      if (o.item() != null) {
        o.item().undelivered = true;
      }
    }
    worker.kill(); // its reader thread sees the end and gives its tasks back
  }
}
