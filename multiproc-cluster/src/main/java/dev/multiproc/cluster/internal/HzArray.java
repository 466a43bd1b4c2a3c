package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.shared.SharedArray;
import org.jspecify.annotations.Nullable;

/**
 * What the shared arrays on the cluster share: the whole array in one entry of a map of its own
 * (maps named {@code multiproc-array-*} keep their values as objects, see {@link
 * HazelcastSetup}, so an element step does not copy the array), bounds checks with the local
 * messages, and the entry processors: {@link ArrayRead} for one element, {@link ArrayOp} for the
 * atomic changes. {@code toArray} is one get: a consistent snapshot.
 */
abstract class HzArray extends HzValueBase<Object> implements SharedArray {
  /** The prefix of the arrays' map names, which the members' map config matches. */
  static final String KIND = "array";

  @java.io.Serial private static final long serialVersionUID = 1L;

  private final transient int length;

  /**
   * What a sent array attaches to.
   *
   * @param kind 'i', 'l', 'd' or 'b'
   * @param name the array's map
   * @param length its length
   * @param lockName its lock's name, or null
   */
  private record Spec(char kind, String name, int length, @Nullable String lockName)
      implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      HzArray a =
          switch (kind) {
            case 'i' -> HzIntArray.attach(hz, name, length, lockName);
            case 'l' -> HzLongArray.attach(hz, name, length, lockName);
            case 'd' -> HzDoubleArray.attach(hz, name, length, lockName);
            default -> HzByteArray.attach(hz, name, length, lockName);
          };
      return a.received();
    }
  }

  @Override
  final HzSpec spec() {
    char kind =
        switch (this) {
          case HzIntArray _ -> 'i';
          case HzLongArray _ -> 'l';
          case HzDoubleArray _ -> 'd';
          default -> 'b';
        };
    return new Spec(kind, name(), length, lockName());
  }

  HzArray(HazelcastInstance hz, String name, int length, @Nullable HzLock lock) {
    super(hz, name, lock);
    this.length = length;
  }

  /** Returns a new array name, which the members' map config for arrays matches. */
  static String uniqueName(HazelcastInstance hz) {
    return HzNames.unique(hz, KIND);
  }

  /** Stores the first elements; called once by the maker. */
  final void init(Object values) {
    open().set(KEY, values);
  }

  @Override
  public final int length() {
    return length;
  }

  private int check(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(
          "index " + index + " out of range for a shared array of length " + length);
    }
    return index;
  }

  /** Returns element {@code index} as a long (a double as its raw bits). */
  final long read(int index) {
    Long v = open().executeOnKey(KEY, new ArrayRead(check(index)));
    return v == null ? 0 : v;
  }

  /** Runs {@link ArrayOp} {@code op} on element {@code index}; returns its result. */
  final long step(int op, int index, long a, long b) {
    Long r = open().executeOnKey(KEY, new ArrayOp(op, check(index), a, b, null));
    return r == null ? 0 : r;
  }

  /** Copies {@code count} elements of {@code values} (an array of the entry's type) in. */
  final void copyIn(Object values, int count) {
    if (count > length) {
      throw new IndexOutOfBoundsException(
          count + " values do not fit a shared array of length " + length);
    }
    open().executeOnKey(KEY, new ArrayOp(ArrayOp.SET_ALL, 0, 0, 0, values));
  }

  /** Returns a copy of the whole array, read at once. */
  final Object snapshot() {
    Object v = open().get(KEY);
    if (v == null) {
      throw new IllegalStateException("the shared array is gone (closed by another holder)");
    }
    return v;
  }
}
