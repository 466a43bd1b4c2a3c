package dev.multiproc.contract;

import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A lock no context made: a condition must refuse it. */
final class ContractForeignLock implements MpLock {
  @Override
  public void acquire() {}

  @Override
  public boolean acquire(Duration timeout) {
    return true;
  }

  @Override
  public void release() {}

  @Override
  public Held hold() {
    return () -> {};
  }

  @Override
  public boolean previousHolderDied() {
    return false;
  }

  @Override
  public MpCondition newCondition() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}

  @Override
  public void lock() {}

  @Override
  public void lockInterruptibly() {}

  @Override
  public boolean tryLock() {
    return true;
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) {
    return true;
  }

  @Override
  public void unlock() {}
}
