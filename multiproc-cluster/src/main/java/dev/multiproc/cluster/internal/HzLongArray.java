package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.shared.SharedLongArray;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedLongArray} on the cluster: the whole {@code long[]} in one map entry; see {@link
 * HzArray}.
 */
public final class HzLongArray extends HzArray implements SharedLongArray {
  @java.io.Serial private static final long serialVersionUID = 1L;

  private HzLongArray(HazelcastInstance hz, String name, int length, @Nullable HzLock lock) {
    super(hz, name, length, lock);
  }

  /**
   * Creates a new shared array with a unique name.
   *
   * @param hz the member or client
   * @param values its elements (copied)
   * @param withLock whether it carries a lock
   * @return the array
   */
  public static HzLongArray create(HazelcastInstance hz, long[] values, boolean withLock) {
    var a = new HzLongArray(hz, uniqueName(hz), values.length, lockIf(hz, withLock));
    a.init(values.clone());
    return a;
  }

  /**
   * Returns a view of an existing shared array from another member or client of the same
   * cluster.
   *
   * @param hz the member or client
   * @param name the array's {@link #name()}
   * @param length its length
   * @param lockName its {@link #lockName()}, or null if it has no lock
   * @return the view; closing it destroys the array (and its lock) for every holder
   */
  public static HzLongArray attach(
      HazelcastInstance hz, String name, int length, @Nullable String lockName) {
    return new HzLongArray(hz, name, length, attachLock(hz, lockName));
  }

  @Override
  public long get(int index) {
    return read(index);
  }

  @Override
  public void set(int index, long value) {
    step(ArrayOp.SET, index, value, 0);
  }

  @Override
  public long addAndGet(int index, long delta) {
    return step(ArrayOp.ADD, index, delta, 0);
  }

  @Override
  public boolean compareAndSet(int index, long expected, long value) {
    return step(ArrayOp.CAS, index, expected, value) == 1;
  }

  @Override
  public long[] toArray() {
    return (long[]) snapshot();
  }

  @Override
  public void setAll(long... values) {
    copyIn(values, values.length);
  }

  @Override
  public String toString() {
    return describe("SharedLongArray");
  }
}
