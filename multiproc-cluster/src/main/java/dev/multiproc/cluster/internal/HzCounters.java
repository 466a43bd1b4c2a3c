package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLong;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedLong} and {@link SharedInt} on one entry of a map of their own: reads and writes
 * are map get/set, the atomic operations an {@link LongOp} entry processor run on the member that
 * owns the entry. A value made with a lock carries an {@link HzLock} RLock for compound updates.
 */
public final class HzCounters {
  private HzCounters() {}

  /**
   * What a sent value attaches to.
   *
   * @param wide true for a SharedLong, false for a SharedInt
   * @param name the value's map
   * @param lockName the name of its lock, or null if it has none
   */
  private record Spec(boolean wide, String name, @Nullable String lockName) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return (wide ? new Long64(hz, name, lockName) : new Int32(hz, name, lockName)).received();
    }
  }

  /** What both kinds share: a long in the entry, the atomic steps, travelling by name. */
  private abstract static class Base extends HzValueBase<Long> {
    @Serial private static final long serialVersionUID = 1L;

    Base(HazelcastInstance hz, long initial, boolean withLock) {
      super(hz, HzNames.unique(hz, "value"), lockIf(hz, withLock));
      open().set(KEY, initial);
    }

    /** A view of the value {@code name}. */
    Base(HazelcastInstance hz, String name, @Nullable String lockName) {
      super(hz, name, attachLock(hz, lockName));
    }

    @Override
    final HzSpec spec() {
      return new Spec(this instanceof SharedLong, name(), lockName());
    }

    final long read() {
      Long v = open().get(KEY);
      return v == null ? 0 : v;
    }

    final long getAndAddLong(long delta) {
      Long before = open().executeOnKey(KEY, new LongOp(true, delta, 0));
      return before == null ? 0 : before;
    }

    final boolean cas(long expected, long value) {
      Long set = open().executeOnKey(KEY, new LongOp(false, expected, value));
      return set != null && set == 1L;
    }
  }

  /**
   * Returns a new shared long in the cluster.
   *
   * @param hz the member or client
   * @param initial the first value
   * @param lock whether it carries a lock
   * @return the value
   */
  public static SharedLong ofLong(HazelcastInstance hz, long initial, boolean lock) {
    return new Long64(hz, initial, lock);
  }

  /** A SharedLong: the entry holds it as it is. */
  private static final class Long64 extends Base implements SharedLong {
    @Serial private static final long serialVersionUID = 1L;

    Long64(HazelcastInstance hz, long initial, boolean lock) {
      super(hz, initial, lock);
    }

    Long64(HazelcastInstance hz, String name, @Nullable String lockName) {
      super(hz, name, lockName);
    }

    @Override
    public long get() {
      return read();
    }

    @Override
    public void set(long value) {
      open().set(KEY, value);
    }

    @Override
    public long getAndAdd(long delta) {
      return getAndAddLong(delta);
    }

    @Override
    public long addAndGet(long delta) {
      return getAndAddLong(delta) + delta;
    }

    @Override
    public boolean compareAndSet(long expected, long value) {
      return cas(expected, value);
    }

    @Override
    public String toString() {
      return describe("SharedLong");
    }
  }

  /**
   * Returns a new shared int in the cluster: 32-bit arithmetic, wrapping as {@code int} does.
   *
   * @param hz the member or client
   * @param initial the first value
   * @param lock whether it carries a lock
   * @return the value
   */
  public static SharedInt ofInt(HazelcastInstance hz, int initial, boolean lock) {
    return new Int32(hz, initial, lock);
  }

  /** A SharedInt: the entry is a long, and every read narrows it, so int arithmetic holds. */
  private static final class Int32 extends Base implements SharedInt {
    @Serial private static final long serialVersionUID = 1L;

    Int32(HazelcastInstance hz, int initial, boolean lock) {
      super(hz, initial, lock);
    }

    Int32(HazelcastInstance hz, String name, @Nullable String lockName) {
      super(hz, name, lockName);
    }

    @Override
    public int get() {
      return (int) read();
    }

    @Override
    public void set(int value) {
      open().set(KEY, (long) value);
    }

    @Override
    public int getAndAdd(int delta) {
      // the entry may grow past 32 bits; every read narrows it, so int arithmetic holds
      return (int) getAndAddLong(delta);
    }

    @Override
    public int addAndGet(int delta) {
      return getAndAdd(delta) + delta;
    }

    @Override
    public boolean compareAndSet(int expected, int value) {
      // compare as int: the stored long may have grown past 32 bits
      while (true) {
        long stored = read();
        if ((int) stored != expected) {
          return false;
        }
        if (cas(stored, value)) {
          return true;
        }
      }
    }

    @Override
    public String toString() {
      return describe("SharedInt");
    }
  }
}
