package dev.multiproc.internal.threads;

import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.spi.BarrierPhase;
import dev.multiproc.spi.BarrierSpec;
import dev.multiproc.spi.BarrierWaits;
import dev.multiproc.spi.Deadlines;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link dev.multiproc.sync.Barrier} in this JVM: a {@link BarrierPhase} under a lock, whose
 * condition wakes the waiters when it changes. The rules are {@link BarrierWaits}'s and {@link
 * BarrierPhase}'s, the same as in the local and cluster contexts.
 */
public final class ThreadBarrier implements BarrierWaits {
  private final BarrierSpec spec;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private BarrierPhase phase = BarrierPhase.START;

  /**
   * Creates a barrier.
   *
   * @param parties how many parties release it, at least 1
   * @param action run by the last party to arrive, or null
   * @param timeout the default timeout of {@link #await()}, or null
   * @throws IllegalArgumentException if {@code parties < 1} or {@code timeout} is negative
   */
  public ThreadBarrier(
      int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
    this.spec = new BarrierSpec(parties, action, timeout);
  }

  @Override
  public BarrierSpec spec() {
    return spec;
  }

  @Override
  public BarrierPhase.Step step(int op, long generation, long deadline) {
    // this JVM's state always answers: no deadline needed
    lock.lock();
    try {
      BarrierPhase.Step r = phase.step(op, generation, spec.parties());
      if (r.next() != phase) {
        phase = r.next();
        changed.signalAll();
      }
      return r;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public BarrierPhase phase() {
    lock.lock();
    try {
      return phase;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public @Nullable BarrierPhase awaitEnd(long generation, long deadline, boolean interruptible)
      throws InterruptedException {
    lock.lock();
    try {
      while (!phase.ended(generation)) {
        if (!interruptible) { // only without a deadline
          changed.awaitUninterruptibly();
        } else if (!Deadlines.await(changed, deadline)) {
          return null;
        }
      }
      return phase;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    // heap only: nothing to remove
  }

  @Override
  public String toString() {
    return "Barrier[threads, parties "
        + spec.parties()
        + ", waiting "
        + nWaiting()
        + (isBroken() ? ", broken" : "")
        + "]";
  }
}
