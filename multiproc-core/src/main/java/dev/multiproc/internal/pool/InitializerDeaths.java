package dev.multiproc.internal.pool;

import dev.multiproc.process.ExitStatus;

/**
 * Decides whether a pool's initializer is to blame when a worker ends while running it, so that
 * every new worker would end the same way and the pool breaks. It is, when the worker exited by
 * itself ({@code System.exit} or {@code Runtime.halt}) and the initializer never returned in any
 * worker; and when as many workers in a row as the pool has ended there (at least 3 once it has
 * returned somewhere). Otherwise the worker met its end from outside (a kill, the OOM killer) and
 * is replaced.
 *
 * <p>Confinement: used under the engine's lock.
 */
final class InitializerDeaths {
  private final int processes;

  /** Whether the initializer has returned in some worker of this pool. */
  private boolean everReturned;

  /** Workers that ended in the initializer since one last returned from it. */
  private int inARow;

  /**
   * @param processes the pool's number of workers
   */
  InitializerDeaths(int processes) {
    this.processes = processes;
  }

  /** The initializer returned in a worker. */
  void returned() {
    everReturned = true;
    inARow = 0;
  }

  /**
   * A worker ended, not by the engine's hand, while it ran the initializer.
   *
   * @param status how it ended
   * @return whether the initializer is to blame
   */
  boolean blame(ExitStatus status) {
    inARow++;
    if (!everReturned && !(status instanceof ExitStatus.Killed)) {
      return true;
    }
    int limit = everReturned ? Math.max(3, processes) : processes;
    return inARow >= limit;
  }
}
