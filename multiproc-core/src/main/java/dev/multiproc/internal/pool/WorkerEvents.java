package dev.multiproc.internal.pool;

import dev.multiproc.internal.classes.ClassServer;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.internal.spawn.Worker;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.process.ExitStatus;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a {@link PoolEngine} does when one of its workers speaks or ends: the reader thread of
 * each worker receives its answers ({@code RESULT}, {@code FAILURE}), its initializer's end
 * ({@code READY}, {@code INIT_FAILED}), its class requests, that it exits on its own ({@code
 * EXITING}) or that it left the pool ({@code RELEASED}); when the worker ends, it fails the task
 * it was running, sends the rest back to the queue, and starts a successor if there is work.
 *
 * <p>Part of the engine: its state is the engine's, under the engine's lock; futures are completed
 * outside it.
 */
final class WorkerEvents {
  private final PoolEngine engine;

  WorkerEvents(PoolEngine engine) {
    this.engine = engine;
  }

  void read(Slot slot, Worker worker) {
    try {
      if (!slot.arrived) {
        // the pool before reads until the worker left it; then this pool reads
        if (!slot.arrival.join()) {
          gone(slot);
          return;
        }
        engine.lock.lock();
        try {
          slot.arrived = true;
        } finally {
          engine.unlock();
        }
      }
      while (true) {
        Frame frame = worker.channel().receive();
        switch (frame.kind()) {
          case RESULT, FAILURE -> answered(slot, frame);
          case INIT_FAILED -> initializerFailed(frame);
          case READY -> ready(slot);
          case EXITING -> exiting(slot);
          case CLASS_REQUEST, ORIGIN_CLASS_REQUEST -> ClassServer.answer(frame, worker.channel());
          case RELEASED -> {
            released(slot);
            return;
          }
          default -> throw new IOException("a worker must not send " + frame.kind());
        }
      }
    } catch (IOException | RuntimeException e) {
      gone(slot);
    }
  }

  void answered(Slot slot, Frame frame) throws IOException {
    WorkItem item;
    engine.lock.lock();
    try {
      item = slot.inFlight.pollFirst();
      if (item == null || item.id != frame.id()) {
        throw new IOException("worker answered task " + frame.id() + " out of order");
      }
      if (item.deadline != null) {
        item.deadline.cancel(false);
      }
      slot.setUpRead();
      slot.outbox.read(item.frameBytes());
      long ran = System.nanoTime() - item.startNanos;
      engine.pipelining.ran(ran);
      WorkItem next = slot.inFlight.peekFirst();
      if (next != null) {
        engine.startClockLocked(slot, next);
      }
      int max = engine.options.maxTasksPerChild();
      if (max > 0 && slot.sent >= max && slot.inFlight.isEmpty() && !slot.retiring) {
        retireLocked(slot);
      }
      engine.dispatchLocked();
      engine.completing++;
      engine.shutdownIdleIfClosingLocked();
    } finally {
      engine.unlock();
    }
    try {
      engine.answers.complete(item, frame, slot);
    } finally {
      completed();
    }
  }

  /** A task counted in {@link PoolEngine#completing} was completed: a waiting close may go on. */
  void completed() {
    engine.lock.lock();
    try {
      engine.completing--;
      engine.changed.signalAll();
    } finally {
      engine.unlock();
    }
  }

  /**
   * The release of an idle worker is out ({@link PoolEngine#shutdownIdleIfClosingLocked}): the worker goes
   * back to the kept workers now, and leaves the pool. The next pool may send it frames at once:
   * they follow the release, so the worker reads them only once it has left this pool; if it
   * ends instead (a task left something running in it), it ran none of them ({@link
   * Slot#arrived}).
   */
  void handBack(Slot slot) {
    engine.lock.lock();
    try {
      if (slot.killed || slot.gone) {
        return; // killed meanwhile: its reader cleans up
      }
      slot.gone = true;
    } finally {
      engine.unlock();
    }
    slot.worker.leaving(slot.left);
    // kept before it leaves the pool: whoever saw the pool terminated finds it kept
    SpareWorkers.get().giveBack(slot.worker, true);
    engine.lock.lock();
    try {
      engine.slots.remove(slot);
      engine.changed.signalAll();
    } finally {
      engine.unlock();
    }
  }

  /**
   * The worker answered its release: it left this pool and waits for another. Unless it was
   * killed meanwhile, which its end handles.
   */
  void released(Slot slot) {
    boolean killed;
    engine.lock.lock();
    try {
      killed = slot.killed;
    } finally {
      engine.unlock();
    }
    if (killed) {
      gone(slot);
    } else {
      slot.left.complete(true);
    }
  }

  /** The pool's initializer returned in this worker: the clock of its first task starts. */
  void ready(Slot slot) {
    engine.lock.lock();
    try {
      slot.ready = true;
      engine.initializerDeaths.returned();
      slot.setUpRead();
      engine.dispatchLocked();
      engine.shutdownIdleIfClosingLocked();
    } finally {
      engine.unlock();
    }
  }

  void initializerFailed(Frame frame) {
    Throwable cause = engine.answers.failure(frame);
    var error =
        new BrokenPoolException("the pool's initializer threw in a worker: " + cause, cause);
    List<WorkItem> failed;
    engine.lock.lock();
    try {
      failed = engine.breakLocked(error);
    } finally {
      engine.unlock();
    }
    TaskAnswers.failAll(failed, error);
  }

  void retireLocked(Slot slot) {
    engine.sendLocked(slot, Frame.of(Frame.Kind.SHUTDOWN, 0), null);
    replaceLocked(slot);
  }

  /** The worker said it exits on its own: what it has in flight was not run, and goes back. */
  void exiting(Slot slot) {
    engine.lock.lock();
    try {
      replaceLocked(slot);
    } finally {
      engine.unlock();
    }
  }

  /** Marks {@code slot} as leaving on purpose and starts its successor if there is work. */
  void replaceLocked(Slot slot) {
    slot.retiring = true;
    if (engine.broken == null
        && (engine.state == PoolEngine.State.RUNNING
            || !engine.pending.isEmpty()
            || !slot.inFlight.isEmpty())) {
      engine.placement.startWorkerLocked();
    }
  }

  void gone(Slot slot) {
    Worker worker = slot.worker;
    slot.left.complete(false); // the next pool it was handed to gets another worker
    ExitStatus status = awaitExit(worker);
    WorkItem head;
    boolean timedOut;
    BrokenPoolException brokenNow = null;
    List<WorkItem> broke = List.of();
    engine.lock.lock();
    try {
      engine.slots.remove(slot);
      // a worker leaving on purpose ran none of what it still has, nor did one still in the
      // initializer (it is sent tasks only once that returned); one that died was running the
      // head, and only the head (unless the head's frame never got to it whole)
      head = slot.retiring || !slot.ready || !slot.arrived ? null : slot.inFlight.pollFirst();
      timedOut = head != null && slot.timedOut == head;
      if (head != null && !timedOut && head.undelivered) {
        slot.inFlight.addFirst(head);
        head = null;
      }
      for (var it = slot.inFlight.descendingIterator(); it.hasNext(); ) {
        engine.pending.addFirst(it.next());
      }
      slot.inFlight.clear();
      if (!slot.ready
          && slot.arrived
          && !slot.killed
          && !slot.retiring
          && engine.broken == null
          && engine.state != PoolEngine.State.TERMINATED
          && engine.initializerDeaths.blame(status)) {
        brokenNow =
            new BrokenPoolException(
                "the pool's initializer ended its worker: pid="
                    + worker.pid()
                    + ", worker="
                    + slot.name
                    + ", status="
                    + status
                    + " (System.exit or Runtime.halt in the initializer, a crash, or a kill from"
                    + " outside)",
                null);
        broke = engine.breakLocked(brokenNow);
      }
      if (!slot.retiring && engine.wantsWorkerLocked()) {
        engine.placement.startWorkerLocked();
      }
      if (head != null) {
        engine.completing++;
      }
      engine.dispatchLocked();
      engine.shutdownIdleIfClosingLocked();
      engine.changed.signalAll();
    } finally {
      engine.unlock();
    }
    if (brokenNow != null) {
      TaskAnswers.failAll(broke, brokenNow);
    }
    if (head != null) {
      try {
        TaskAnswers.failHead(head, timedOut, worker, slot, status);
      } finally {
        completed();
      }
    }
  }

  static ExitStatus awaitExit(Worker worker) {
    worker.channel().close();
    try {
      Process p = worker.onExit().get(2, TimeUnit.SECONDS);
      return ExitStatus.fromExitValue(p.exitValue());
    } catch (TimeoutException e) {
      worker.kill(); // it closed its socket but does not end: it cannot be trusted with work
      return ExitStatus.fromExitValue(worker.onExit().join().exitValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExitStatus.Running();
    } catch (java.util.concurrent.ExecutionException e) {
      return new ExitStatus.Running();
    }
  }
}
