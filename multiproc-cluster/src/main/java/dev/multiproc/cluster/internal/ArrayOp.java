package dev.multiproc.cluster.internal;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.lang.reflect.Array;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An atomic change of a shared array kept whole in one map entry (an {@code int[]}, {@code
 * long[]}, {@code double[]} or {@code byte[]}), run by the member that owns the entry. Elements
 * travel as longs: ints and bytes widened, doubles as their raw bits.
 *
 * <ul>
 *   <li>{@link #SET}: element {@code index} = {@code a}; returns 1.
 *   <li>{@link #ADD}: element {@code index} += {@code a} in the element type's arithmetic
 *       (wrapping for ints and bytes); returns the element after.
 *   <li>{@link #CAS}: element {@code index} = {@code b} if it is {@code a} (bits for doubles);
 *       returns 1 if set, else 0.
 *   <li>{@link #SET_ALL}: copies {@code values} in from index 0; returns 1.
 * </ul>
 *
 * <p>The caller checks the bounds. Only the op travels to the backup, which runs it again.
 *
 * @param op the change
 * @param index the element
 * @param a the value, delta or expected element
 * @param b the new element for {@link #CAS}
 * @param values the elements for {@link #SET_ALL}, an array of the entry's type
 */
record ArrayOp(int op, int index, long a, long b, @Nullable Object values)
    implements EntryProcessor<String, Object, Long> {
  @Serial private static final long serialVersionUID = 1L;
  static final int SET = 0;
  static final int ADD = 1;
  static final int CAS = 2;
  static final int SET_ALL = 3;

  @Override
  public Long process(Map.Entry<String, Object> entry) {
    Object array = entry.getValue();
    if (array == null) {
      throw new IllegalStateException("the shared array is gone (closed by another holder)");
    }
    long result = 1;
    switch (op) {
      case SET -> store(array, index, a);
      case ADD -> {
        result = add(array, index, a);
      }
      case CAS -> {
        if (load(array, index) != a) {
          return 0L;
        }
        store(array, index, b);
      }
      case SET_ALL -> System.arraycopy(values, 0, array, 0, Array.getLength(values));
      default -> throw new IllegalArgumentException("unknown array step " + op);
    }
    entry.setValue(array);
    return result;
  }

  /** Returns element {@code i} as a long (a double as its raw bits). */
  static long load(Object array, int i) {
    return switch (array) {
      case int[] ints -> ints[i];
      case long[] longs -> longs[i];
      case double[] doubles -> Double.doubleToRawLongBits(doubles[i]);
      case byte[] bytes -> bytes[i];
      default -> throw new IllegalStateException("not a shared array: " + array.getClass());
    };
  }

  private static void store(Object array, int i, long v) {
    switch (array) {
      case int[] ints -> ints[i] = (int) v;
      case long[] longs -> longs[i] = v;
      case double[] doubles -> doubles[i] = Double.longBitsToDouble(v);
      case byte[] bytes -> bytes[i] = (byte) v;
      default -> throw new IllegalStateException("not a shared array: " + array.getClass());
    }
  }

  private static long add(Object array, int i, long delta) {
    return switch (array) {
      case int[] ints -> ints[i] += (int) delta;
      case long[] longs -> longs[i] += delta;
      case double[] doubles ->
          Double.doubleToRawLongBits(doubles[i] += Double.longBitsToDouble(delta));
      case byte[] bytes -> bytes[i] += (byte) delta;
      default -> throw new IllegalStateException("not a shared array: " + array.getClass());
    };
  }
}
