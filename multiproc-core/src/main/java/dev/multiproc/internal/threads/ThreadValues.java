package dev.multiproc.internal.threads;

import dev.multiproc.shared.SharedByteArray;
import dev.multiproc.shared.SharedDouble;
import dev.multiproc.shared.SharedDoubleArray;
import dev.multiproc.shared.SharedInt;
import dev.multiproc.shared.SharedIntArray;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.shared.SharedLongArray;
import dev.multiproc.shared.SharedValue;
import dev.multiproc.sync.RLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * The shared values and arrays of the threads context: atomics on the heap, with a {@link
 * ThreadRLock} unless raw. Python's {@code multiprocessing.dummy} has no {@code Value}; these
 * keep the interfaces so code moves between contexts unchanged.
 */
public final class ThreadValues {
  private ThreadValues() {}

  /** The lock part every value shares. */
  private abstract static class Base implements SharedValue {
    private final @Nullable RLock lock;

    Base(boolean lock) {
      this.lock = lock ? new ThreadRLock() : null;
    }

    @Override
    public final RLock getLock() {
      if (lock == null) {
        throw new UnsupportedOperationException(
            getClass().getSimpleName()
                + " was created raw (lock=false): it has no lock; use its atomic operations or a"
                + " separate lock");
      }
      return lock;
    }

    @Override
    public final boolean hasLock() {
      return lock != null;
    }

    @Override
    public void close() {
      // heap only: nothing to remove
    }
  }

  private static IndexOutOfBoundsException tooMany(int count, int length) {
    return new IndexOutOfBoundsException(
        count + " values do not fit a shared array of length " + length);
  }

  /**
   * Returns a shared int.
   *
   * @param initial the value
   * @param lock whether it has a lock
   * @return the value
   */
  public static SharedInt ofInt(int initial, boolean lock) {
    final class Int extends Base implements SharedInt {
      private final AtomicInteger v = new AtomicInteger(initial);

      Int() {
        super(lock);
      }

      @Override
      public int get() {
        return v.get();
      }

      @Override
      public void set(int value) {
        v.set(value);
      }

      @Override
      public int getAndAdd(int delta) {
        return v.getAndAdd(delta);
      }

      @Override
      public int addAndGet(int delta) {
        return v.addAndGet(delta);
      }

      @Override
      public boolean compareAndSet(int expected, int value) {
        return v.compareAndSet(expected, value);
      }

      @Override
      public String toString() {
        return "SharedInt[" + get() + "]";
      }
    }
    return new Int();
  }

  /**
   * Returns a shared long.
   *
   * @param initial the value
   * @param lock whether it has a lock
   * @return the value
   */
  public static SharedLong ofLong(long initial, boolean lock) {
    final class Lng extends Base implements SharedLong {
      private final AtomicLong v = new AtomicLong(initial);

      Lng() {
        super(lock);
      }

      @Override
      public long get() {
        return v.get();
      }

      @Override
      public void set(long value) {
        v.set(value);
      }

      @Override
      public long getAndAdd(long delta) {
        return v.getAndAdd(delta);
      }

      @Override
      public long addAndGet(long delta) {
        return v.addAndGet(delta);
      }

      @Override
      public boolean compareAndSet(long expected, long value) {
        return v.compareAndSet(expected, value);
      }

      @Override
      public String toString() {
        return "SharedLong[" + get() + "]";
      }
    }
    return new Lng();
  }

  /**
   * Returns a shared double.
   *
   * @param initial the value
   * @param lock whether it has a lock
   * @return the value
   */
  public static SharedDouble ofDouble(double initial, boolean lock) {
    final class Dbl extends Base implements SharedDouble {
      private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(initial));

      Dbl() {
        super(lock);
      }

      @Override
      public double get() {
        return Double.longBitsToDouble(bits.get());
      }

      @Override
      public void set(double value) {
        bits.set(Double.doubleToRawLongBits(value));
      }

      @Override
      public double addAndGet(double delta) {
        return Double.longBitsToDouble(
            bits.updateAndGet(b -> Double.doubleToRawLongBits(Double.longBitsToDouble(b) + delta)));
      }

      @Override
      public boolean compareAndSet(double expected, double value) {
        return bits.compareAndSet(
            Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
      }

      @Override
      public String toString() {
        return "SharedDouble[" + get() + "]";
      }
    }
    return new Dbl();
  }

  /**
   * Returns a shared int array.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  public static SharedIntArray ofInts(int[] values, boolean lock) {
    final class Ints extends Base implements SharedIntArray {
      private final AtomicIntegerArray a = new AtomicIntegerArray(values);

      Ints() {
        super(lock);
      }

      @Override
      public int length() {
        return a.length();
      }

      @Override
      public int get(int index) {
        return a.get(index);
      }

      @Override
      public void set(int index, int value) {
        a.set(index, value);
      }

      @Override
      public int addAndGet(int index, int delta) {
        return a.addAndGet(index, delta);
      }

      @Override
      public boolean compareAndSet(int index, int expected, int value) {
        return a.compareAndSet(index, expected, value);
      }

      @Override
      public int[] toArray() {
        int[] out = new int[a.length()];
        Arrays.setAll(out, a::get);
        return out;
      }

      @Override
      public void setAll(int... v) {
        if (v.length > a.length()) {
          throw tooMany(v.length, a.length());
        }
        for (int i = 0; i < v.length; i++) {
          a.set(i, v[i]);
        }
      }

      @Override
      public String toString() {
        return "SharedIntArray" + Arrays.toString(toArray());
      }
    }
    return new Ints();
  }

  /**
   * Returns a shared long array.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  public static SharedLongArray ofLongs(long[] values, boolean lock) {
    final class Longs extends Base implements SharedLongArray {
      private final AtomicLongArray a = new AtomicLongArray(values);

      Longs() {
        super(lock);
      }

      @Override
      public int length() {
        return a.length();
      }

      @Override
      public long get(int index) {
        return a.get(index);
      }

      @Override
      public void set(int index, long value) {
        a.set(index, value);
      }

      @Override
      public long addAndGet(int index, long delta) {
        return a.addAndGet(index, delta);
      }

      @Override
      public boolean compareAndSet(int index, long expected, long value) {
        return a.compareAndSet(index, expected, value);
      }

      @Override
      public long[] toArray() {
        long[] out = new long[a.length()];
        Arrays.setAll(out, a::get);
        return out;
      }

      @Override
      public void setAll(long... v) {
        if (v.length > a.length()) {
          throw tooMany(v.length, a.length());
        }
        for (int i = 0; i < v.length; i++) {
          a.set(i, v[i]);
        }
      }

      @Override
      public String toString() {
        return "SharedLongArray" + Arrays.toString(toArray());
      }
    }
    return new Longs();
  }

  /**
   * Returns a shared double array.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  public static SharedDoubleArray ofDoubles(double[] values, boolean lock) {
    final class Doubles extends Base implements SharedDoubleArray {
      private final AtomicLongArray a = new AtomicLongArray(values.length);

      Doubles() {
        super(lock);
        setAll(values);
      }

      @Override
      public int length() {
        return a.length();
      }

      @Override
      public double get(int index) {
        return Double.longBitsToDouble(a.get(index));
      }

      @Override
      public void set(int index, double value) {
        a.set(index, Double.doubleToRawLongBits(value));
      }

      @Override
      public double addAndGet(int index, double delta) {
        return Double.longBitsToDouble(
            a.updateAndGet(
                index, b -> Double.doubleToRawLongBits(Double.longBitsToDouble(b) + delta)));
      }

      @Override
      public boolean compareAndSet(int index, double expected, double value) {
        return a.compareAndSet(
            index, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
      }

      @Override
      public double[] toArray() {
        double[] out = new double[a.length()];
        Arrays.setAll(out, this::get);
        return out;
      }

      @Override
      public void setAll(double... v) {
        if (v.length > a.length()) {
          throw tooMany(v.length, a.length());
        }
        for (int i = 0; i < v.length; i++) {
          set(i, v[i]);
        }
      }

      @Override
      public String toString() {
        return "SharedDoubleArray" + Arrays.toString(toArray());
      }
    }
    return new Doubles();
  }

  private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[].class);

  /**
   * Returns a shared byte array.
   *
   * @param values the elements
   * @param lock whether it has a lock
   * @return the array
   */
  public static SharedByteArray ofBytes(byte[] values, boolean lock) {
    final class Bytes extends Base implements SharedByteArray {
      private final byte[] a = values.clone();

      Bytes() {
        super(lock);
        VarHandle.releaseFence();
      }

      @Override
      public int length() {
        return a.length;
      }

      @Override
      public byte get(int index) {
        return (byte) BYTES.getVolatile(a, index);
      }

      @Override
      public void set(int index, byte value) {
        BYTES.setVolatile(a, index, value);
      }

      @Override
      public byte addAndGet(int index, byte delta) {
        return (byte) ((byte) BYTES.getAndAdd(a, index, delta) + delta);
      }

      @Override
      public boolean compareAndSet(int index, byte expected, byte value) {
        return BYTES.compareAndSet(a, index, expected, value);
      }

      @Override
      public byte[] toArray() {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = get(i);
        }
        return out;
      }

      @Override
      public void setAll(byte... v) {
        if (v.length > a.length) {
          throw tooMany(v.length, a.length);
        }
        for (int i = 0; i < v.length; i++) {
          set(i, v[i]);
        }
      }

      @Override
      public String toString() {
        return "SharedByteArray" + Arrays.toString(toArray());
      }
    }
    return new Bytes();
  }
}
