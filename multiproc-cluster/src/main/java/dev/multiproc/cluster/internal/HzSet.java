package dev.multiproc.cluster.internal;

import com.hazelcast.collection.ISet;
import com.hazelcast.core.HazelcastInstance;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A cluster manager's {@code set()}: a {@link java.util.Set} over a Hazelcast {@link ISet} of
 * the library codec's bytes (two elements are the same when their encodings are equal, as for
 * {@link HzDict}'s keys). {@code add}, {@code remove}, {@code contains}, {@code removeAll}, {@code
 * retainAll} and {@code size} are single cluster calls; {@code removeIf} finds the elements to
 * remove in a copy and removes them in one call; {@code iterator()} works on a copy, and its
 * {@code remove()} removes the element from the set. Sent to another JVM, it arrives attached to
 * the same set.
 *
 * @param <E> the element type
 */
final class HzSet<E> extends AbstractSet<E> implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient HazelcastInstance hz;
  private final transient ISet<byte[]> set;

  /**
   * What a sent set attaches to.
   *
   * @param name the set's name
   */
  private record Spec(String name) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzSet<>(hz, name);
    }
  }

  HzSet(HazelcastInstance hz, String name) {
    this.hz = hz;
    this.set = HzGuard.set(hz, name);
  }

  String name() {
    return set.getName();
  }

  private static byte[] encode(@Nullable Object e) {
    return HzNames.encode(e, "store");
  }

  @Override
  public boolean add(@Nullable E e) {
    return set.add(encode(e));
  }

  @Override
  public boolean remove(@Nullable Object o) {
    byte[] b = HzList.encodeOrNull(o);
    return b != null && set.remove(b);
  }

  @Override
  public boolean contains(@Nullable Object o) {
    byte[] b = HzList.encodeOrNull(o);
    return b != null && set.contains(b);
  }

  private static List<byte[]> encodings(Collection<?> c) {
    Objects.requireNonNull(c, "the collection must not be null");
    List<byte[]> encoded = new ArrayList<>(c.size());
    for (Object o : c) {
      byte[] b = HzList.encodeOrNull(o);
      if (b != null) {
        encoded.add(b);
      }
    }
    return encoded;
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    List<byte[]> encoded = encodings(c);
    return !encoded.isEmpty() && set.removeAll(encoded);
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    return set.retainAll(encodings(c));
  }

  /** Removes every element {@code filter} accepts, as seen in a copy, in one call. */
  @Override
  public boolean removeIf(Predicate<? super E> filter) {
    Objects.requireNonNull(filter, "the filter must not be null");
    List<byte[]> matching = new ArrayList<>();
    for (byte[] b : set) {
      if (filter.test(decode(b))) {
        matching.add(b);
      }
    }
    return !matching.isEmpty() && set.removeAll(matching);
  }

  // NullAway: a value may be null (Python's None), which a type bounded by Object cannot say
  @SuppressWarnings({"unchecked", "NullAway"})
  private static <T> T decode(byte[] bytes) {
    return (T) HzNames.decode(bytes, "read");
  }

  @Override
  public int size() {
    return set.size();
  }

  @Override
  public void clear() {
    set.clear();
  }

  /**
   * Iterates over a copy of the elements, taken in one call; {@code remove()} removes the
   * element from the set.
   */
  @Override
  public Iterator<E> iterator() {
    List<byte[]> bytes = new ArrayList<>(set);
    return new Iterator<>() {
      private int next;
      private boolean canRemove;

      @Override
      public boolean hasNext() {
        return next < bytes.size();
      }

      @Override
      public E next() {
        if (next >= bytes.size()) {
          throw new NoSuchElementException();
        }
        canRemove = true;
        return decode(bytes.get(next++));
      }

      @Override
      public void remove() {
        if (!canRemove) {
          throw new IllegalStateException("next() was not called, or remove() was already");
        }
        canRemove = false;
        set.remove(bytes.get(next - 1));
      }
    };
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same set.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name()));
  }
}
