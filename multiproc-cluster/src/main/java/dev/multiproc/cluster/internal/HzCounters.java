package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.shared.SharedValue;
import dev.multiproc.sync.RLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedLong} and {@link SharedInt} on one entry of a map of their own: reads and writes
 * are map get/set, the atomic operations an {@link LongOp} entry processor run on the member that
 * owns the entry. A value made with a lock carries an {@link HzLock} RLock for compound updates.
 */
public final class HzCounters {
  private static final String KEY = "value";

  private HzCounters() {}

  /** What both kinds share: the entry, the optional lock, close. */
  private abstract static class Base implements SharedValue {
    final String name;
    final IMap<String, Long> map;
    private final @Nullable HzLock lock;
    private volatile boolean closed;

    Base(HazelcastInstance hz, long initial, boolean withLock) {
      this.name = HzNames.unique("value");
      this.map = hz.getMap(name);
      map.set(KEY, initial);
      this.lock = withLock ? new HzLock(hz, true) : null;
    }

    final IMap<String, Long> open() {
      if (closed) {
        throw new IllegalStateException("the shared value is closed");
      }
      return map;
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

    @Override
    public final RLock getLock() {
      if (lock == null) {
        throw new UnsupportedOperationException(
            "the shared value was made without a lock (lock=false): it has no getLock()");
      }
      return lock;
    }

    @Override
    public final boolean hasLock() {
      return lock != null;
    }

    /** Destroys the value's map (and its lock's) in the cluster. Idempotent. */
    @Override
    public final void close() {
      if (closed) {
        return;
      }
      closed = true;
      map.destroy();
      if (lock != null) {
        lock.close();
      }
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
    final class Long64 extends Base implements SharedLong {
      Long64() {
        super(hz, initial, lock);
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
        return "SharedLong[cluster " + name + "]";
      }
    }
    return new Long64();
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
    final class Int32 extends Base implements SharedInt {
      Int32() {
        super(hz, initial, lock);
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
        return "SharedInt[cluster " + name + "]";
      }
    }
    return new Int32();
  }
}
