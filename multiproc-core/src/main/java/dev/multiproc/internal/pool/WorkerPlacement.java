package dev.multiproc.internal.pool;

import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.internal.spawn.Worker;
import dev.multiproc.internal.spawn.WorkerConfig;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.pool.BrokenPoolException;
import dev.multiproc.spi.CurrentProcessState;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link PoolEngine} gets its workers: a kept worker or a spare that is up, else one started
 * on a thread of its own; each is sent its name, class filter and the pool's initializer, and
 * becomes a {@link Slot} with a reader thread ({@link WorkerEvents#read}). A start that fails is
 * tried again, as many times in a row as the pool has workers; the pool breaks only when it has
 * no worker left at all. A worker that is up once the pool no longer needs it ran nothing of the
 * pool's and is given back for the next caller.
 *
 * <p>Part of the engine: its state is the engine's, under the engine's lock.
 */
final class WorkerPlacement {
  private final PoolEngine engine;

  WorkerPlacement(PoolEngine engine) {
    this.engine = engine;
  }

  void startWorkerLocked() {
    engine.starting++;
    String name = engine.nextWorkerName();
    SpareWorkers.get().beginPlacement();
    Thread.ofPlatform()
        .daemon()
        .name("multiproc-start-" + name)
        .start(
            () -> {
              try {
                launch(name);
              } finally {
                SpareWorkers.get().endPlacement();
              }
            });
  }

  void launch(String name) {
    Worker worker;
    try {
      worker = SpareWorkers.get().takeForPool(engine.options.jvm(), engine.options.reusesWorkers());
    } catch (IOException | RuntimeException e) {
      placed(new SetUp(name, null, e, 0));
      return;
    }
    place(worker, name);
  }

  /**
   * A worker sent its set-up frames ({@code bytes} of them), not yet a slot; or the failure that
   * ended it.
   */
  record SetUp(String name, @Nullable Worker worker, @Nullable Exception failure, long bytes) {}

  /** Sets up a worker that is up for this pool (one of {@link PoolEngine#starting}), and makes it a slot. */
  void place(Worker worker, String name) {
    SetUp s = setUp(worker, name);
    if (s != null) {
      placed(s);
    }
  }

  /**
   * Sends a worker that is up its name and filter, then the initializer; or gives it back when
   * the pool no longer needs it (then null).
   */
  @Nullable SetUp setUp(Worker taken, String name) {
    Worker worker = taken;
    @Nullable Exception failure = null;
    long setUpBytes = 0;
    try {
      if (!needsWorker()) {
        // closed with nothing left to do, or terminated, before this worker was up: it never ran
        // anything of this pool's, so it waits for the next caller instead of ending
        SpareWorkers.get().giveBack(worker, false);
        engine.lock.lock();
        try {
          engine.starting--;
          engine.changed.signalAll();
        } finally {
          engine.unlock();
        }
        return null;
      }
      String parent = CurrentProcessState.current().name();
      byte[] config = new WorkerConfig(name, engine.options.classFilter(), parent).encode();
      worker.send(new Frame(Frame.Kind.CONFIGURE, 0, config));
      worker.send(new Frame(Frame.Kind.INIT_POOL, 0, engine.initializer));
      setUpBytes = 2L * WorkerOutbox.FRAME_HEADER + config.length + engine.initializer.length;
    } catch (IOException | RuntimeException e) {
      // RuntimeException: whatever connected first sent what is not a worker's greeting
      failure = e;
      worker.kill();
      worker = null;
    }
    return new SetUp(name, worker, failure, setUpBytes);
  }

  /** A worker was set up for this pool, or could not be: it becomes a slot, or is replaced. */
  void placed(SetUp setUp) {
    String name = setUp.name();
    Worker worker = setUp.worker();
    Exception failure = setUp.failure();
    long setUpBytes = setUp.bytes();
    List<WorkItem> failed = List.of();
    BrokenPoolException error = null;
    engine.lock.lock();
    try {
      engine.starting--;
      if (worker == null) {
        // a start that failed (the JVM died before it connected back, or could not be started)
        // is tried again, as many times in a row as the pool has workers; the pool breaks only
        // when it has no worker left at all
        engine.startFailures++;
        if (engine.startFailures <= engine.options.processes() && engine.wantsWorkerLocked()) {
          startWorkerLocked();
        } else if (engine.slots.isEmpty() && engine.starting == 0) {
          error =
              new BrokenPoolException(
                  "cannot start a worker JVM: "
                      + java.util.Objects.requireNonNull(failure).getMessage(),
                  failure);
          failed = engine.breakLocked(error);
        }
      } else if (engine.state == PoolEngine.State.TERMINATED || engine.broken != null) {
        worker.kill();
      } else {
        engine.startFailures = 0;
        // with an initializer, the worker says when it returned (READY); until then it is sent
        // no task
        Slot slot = new Slot(worker, name, setUpBytes, engine.initializer.length == 0);
        engine.slots.add(slot);
        Worker w = worker;
        Thread.ofPlatform()
            .daemon()
            .name("multiproc-reader-" + name)
            .start(() -> engine.events.read(slot, w));
        engine.dispatchLocked();
        engine.shutdownIdleIfClosingLocked();
      }
      engine.changed.signalAll();
    } finally {
      engine.unlock();
    }
    if (error != null) {
      TaskAnswers.failAll(failed, error);
    }
  }

  /** Whether a worker that finished starting still has a place in this pool. */
  boolean needsWorker() {
    engine.lock.lock();
    try {
      return engine.wantsWorkerLocked();
    } finally {
      engine.lock.unlock();
    }
  }
}
