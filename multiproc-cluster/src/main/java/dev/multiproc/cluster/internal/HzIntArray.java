package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.shared.SharedIntArray;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedIntArray} on the cluster: the whole {@code int[]} in one map entry; see {@link
 * HzArray}.
 */
public final class HzIntArray extends HzArray implements SharedIntArray {
  @java.io.Serial private static final long serialVersionUID = 1L;

  private HzIntArray(HazelcastInstance hz, String name, int length, @Nullable HzLock lock) {
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
  public static HzIntArray create(HazelcastInstance hz, int[] values, boolean withLock) {
    var a = new HzIntArray(hz, uniqueName(hz), values.length, lockIf(hz, withLock));
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
  public static HzIntArray attach(
      HazelcastInstance hz, String name, int length, @Nullable String lockName) {
    return new HzIntArray(hz, name, length, attachLock(hz, lockName));
  }

  @Override
  public int get(int index) {
    return (int) read(index);
  }

  @Override
  public void set(int index, int value) {
    step(ArrayOp.SET, index, value, 0);
  }

  @Override
  public int addAndGet(int index, int delta) {
    return (int) step(ArrayOp.ADD, index, delta, 0);
  }

  @Override
  public boolean compareAndSet(int index, int expected, int value) {
    return step(ArrayOp.CAS, index, expected, value) == 1;
  }

  @Override
  public int[] toArray() {
    return (int[]) snapshot();
  }

  @Override
  public void setAll(int... values) {
    copyIn(values, values.length);
  }

  @Override
  public String toString() {
    return describe("SharedIntArray");
  }
}
