package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.shared.SharedByteArray;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedByteArray} on the cluster: the whole {@code byte[]} in one map entry; see {@link
 * HzArray}.
 */
public final class HzByteArray extends HzArray implements SharedByteArray {
  @java.io.Serial private static final long serialVersionUID = 1L;

  private HzByteArray(HazelcastInstance hz, String name, int length, @Nullable HzLock lock) {
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
  public static HzByteArray create(HazelcastInstance hz, byte[] values, boolean withLock) {
    var a = new HzByteArray(hz, uniqueName(hz), values.length, lockIf(hz, withLock));
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
  public static HzByteArray attach(
      HazelcastInstance hz, String name, int length, @Nullable String lockName) {
    return new HzByteArray(hz, name, length, attachLock(hz, lockName));
  }

  @Override
  public byte get(int index) {
    return (byte) read(index);
  }

  @Override
  public void set(int index, byte value) {
    step(ArrayOp.SET, index, value, 0);
  }

  @Override
  public byte addAndGet(int index, byte delta) {
    return (byte) step(ArrayOp.ADD, index, delta, 0);
  }

  @Override
  public boolean compareAndSet(int index, byte expected, byte value) {
    return step(ArrayOp.CAS, index, expected, value) == 1;
  }

  @Override
  public byte[] toArray() {
    return (byte[]) snapshot();
  }

  @Override
  public void setAll(byte... values) {
    copyIn(values, values.length);
  }

  @Override
  public String toString() {
    return describe("SharedByteArray");
  }
}
