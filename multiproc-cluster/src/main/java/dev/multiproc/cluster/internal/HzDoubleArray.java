package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.shared.SharedDoubleArray;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedDoubleArray} on the cluster: the whole {@code double[]} in one map entry; see {@link
 * HzArray}.
 */
public final class HzDoubleArray extends HzArray implements SharedDoubleArray {
  @java.io.Serial private static final long serialVersionUID = 1L;

  private HzDoubleArray(HazelcastInstance hz, String name, int length, @Nullable HzLock lock) {
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
  public static HzDoubleArray create(HazelcastInstance hz, double[] values, boolean withLock) {
    var a = new HzDoubleArray(hz, uniqueName(hz), values.length, lockIf(hz, withLock));
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
  public static HzDoubleArray attach(
      HazelcastInstance hz, String name, int length, @Nullable String lockName) {
    return new HzDoubleArray(hz, name, length, attachLock(hz, lockName));
  }

  private static long bits(double value) {
    return Double.doubleToRawLongBits(value);
  }

  @Override
  public double get(int index) {
    return Double.longBitsToDouble(read(index));
  }

  @Override
  public void set(int index, double value) {
    step(ArrayOp.SET, index, bits(value), 0);
  }

  @Override
  public double addAndGet(int index, double delta) {
    return Double.longBitsToDouble(step(ArrayOp.ADD, index, bits(delta), 0));
  }

  @Override
  public boolean compareAndSet(int index, double expected, double value) {
    return step(ArrayOp.CAS, index, bits(expected), bits(value)) == 1;
  }

  @Override
  public double[] toArray() {
    return (double[]) snapshot();
  }

  @Override
  public void setAll(double... values) {
    copyIn(values, values.length);
  }

  @Override
  public String toString() {
    return describe("SharedDoubleArray");
  }
}
