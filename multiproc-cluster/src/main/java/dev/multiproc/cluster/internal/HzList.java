package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IList;
import com.hazelcast.core.HazelcastInstance;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A cluster manager's {@code list()} and {@code array(values)}: a {@link List} over a Hazelcast
 * {@link IList} of the library codec's bytes (two elements are the same when their encodings are
 * equal). {@code get}, {@code set}, {@code add}, {@code remove}, {@code removeAll}, {@code
 * retainAll} and {@code size} are single cluster calls; {@code removeIf} finds the elements to
 * remove in a copy and removes them in one call. {@code iterator()} and the bulk reads work on a
 * copy taken in one call; the iterator's {@code remove()} removes from the list (at the position
 * the element had, counting what this iterator removed before). An array has a fixed length:
 * adding or removing is refused. Sent to another JVM, it arrives attached to the same list.
 *
 * @param <E> the element type
 */
final class HzList<E> extends AbstractList<E> implements RandomAccess, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient HazelcastInstance hz;
  private final transient IList<byte[]> list;
  private final transient boolean fixed;

  /**
   * What a sent list attaches to.
   *
   * @param name the list's name
   * @param fixed whether it is an array
   */
  private record Spec(String name, boolean fixed) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzList<>(hz, name, fixed);
    }
  }

  HzList(HazelcastInstance hz, String name, boolean fixed) {
    this.hz = hz;
    this.list = HzGuard.list(hz, name);
    this.fixed = fixed;
  }

  String name() {
    return list.getName();
  }

  private static byte[] encode(@Nullable Object e) {
    return HzNames.encode(e, "store");
  }

  // NullAway: a value may be null (Python's None), which a type bounded by Object cannot say
  @SuppressWarnings({"unchecked", "NullAway"})
  private static <T> T decode(byte[] bytes) {
    return (T) HzNames.decode(bytes, "read");
  }

  private void refuseResize() {
    if (fixed) {
      throw new UnsupportedOperationException(
          "an array has a fixed length (" + list.size() + "): set elements instead");
    }
  }

  /** A negative index is refused here: Hazelcast's client would read -1 as "at the end". */
  private static void checkNotNegative(int index) {
    if (index < 0) {
      throw new IndexOutOfBoundsException("Index: " + index + " is negative");
    }
  }

  @Override
  public E get(int index) {
    checkNotNegative(index);
    return decode(list.get(index));
  }

  @Override
  public E set(int index, @Nullable E element) {
    checkNotNegative(index);
    return decode(list.set(index, encode(element)));
  }

  @Override
  public boolean add(@Nullable E element) {
    refuseResize();
    return list.add(encode(element));
  }

  @Override
  public void add(int index, @Nullable E element) {
    refuseResize();
    byte[] bytes = encode(element);
    int size = list.size();
    if (index < 0 || index > size) {
      throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + size);
    }
    list.add(index, bytes);
  }

  @Override
  public E remove(int index) {
    refuseResize();
    checkNotNegative(index);
    return decode(list.remove(index));
  }

  /** The encodings of {@code c}'s elements; one that cannot be encoded is in no list. */
  private static List<byte[]> encodings(Collection<?> c) {
    List<byte[]> encoded = new ArrayList<>(c.size());
    for (Object o : c) {
      byte[] b = encodeOrNull(o);
      if (b != null) {
        encoded.add(b);
      }
    }
    return encoded;
  }

  static byte @Nullable [] encodeOrNull(@Nullable Object o) {
    try {
      return HzNames.encode(o, "look for");
    } catch (IllegalArgumentException notEncodable) {
      return null;
    }
  }

  @Override
  public boolean remove(@Nullable Object o) {
    refuseResize();
    byte[] b = encodeOrNull(o);
    return b != null && list.remove(b);
  }

  @Override
  public boolean contains(@Nullable Object o) {
    byte[] b = encodeOrNull(o);
    return b != null && list.contains(b);
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    refuseResize();
    Objects.requireNonNull(c, "the collection must not be null");
    List<byte[]> encoded = encodings(c);
    return !encoded.isEmpty() && list.removeAll(encoded);
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    refuseResize();
    Objects.requireNonNull(c, "the collection must not be null");
    return list.retainAll(encodings(c));
  }

  /** Removes every element {@code filter} accepts, as seen in a copy, in one call. */
  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    refuseResize();
    Objects.requireNonNull(filter, "the filter must not be null");
    List<byte[]> matching = new ArrayList<>();
    for (byte[] b : list) {
      if (filter.test(decode(b))) {
        matching.add(b);
      }
    }
    return !matching.isEmpty() && list.removeAll(matching);
  }

  @Override
  public void clear() {
    refuseResize();
    list.clear();
  }

  @Override
  public int size() {
    return list.size();
  }

  /** A copy of the elements, taken in one call. */
  List<E> copy() {
    List<E> copy = new ArrayList<>();
    for (byte[] b : list) {
      copy.add(decode(b));
    }
    return copy;
  }

  /** Iterates over a copy; {@code remove()} removes the element from the list. */
  @Override
  public Iterator<E> iterator() {
    List<E> copy = copy();
    return new Iterator<>() {
      private int next;
      private int removed;
      private boolean canRemove;

      @Override
      public boolean hasNext() {
        return next < copy.size();
      }

      @Override
      public E next() {
        if (next >= copy.size()) {
          throw new NoSuchElementException();
        }
        canRemove = true;
        return copy.get(next++);
      }

      @Override
      public void remove() {
        if (!canRemove) {
          throw new IllegalStateException("next() was not called, or remove() was already");
        }
        canRemove = false;
        HzList.this.remove(next - 1 - removed);
        removed++;
      }
    };
  }

  @Override
  public Object[] toArray() {
    return copy().toArray();
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same list.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name(), fixed));
  }
}
