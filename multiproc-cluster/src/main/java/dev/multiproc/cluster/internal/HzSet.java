package dev.multiproc.cluster.internal;

import com.hazelcast.collection.ISet;
import com.hazelcast.core.HazelcastInstance;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A cluster manager's {@code set()}: a {@link java.util.Set} over a Hazelcast {@link ISet} of
 * the library codec's bytes (two elements are the same when their encodings are equal, as for
 * {@link HzDict}'s keys). {@code add}, {@code remove}, {@code contains} and {@code size} are
 * single cluster calls; {@code iterator()} works on a copy. Sent to another JVM, it arrives
 * attached to the same set.
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
    this.set = hz.getSet(name);
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
    return set.remove(encode(o));
  }

  @Override
  public boolean contains(@Nullable Object o) {
    return set.contains(encode(o));
  }

  @Override
  public int size() {
    return set.size();
  }

  @Override
  public void clear() {
    set.clear();
  }

  /** Iterates over a copy of the elements, taken in one call. */
  @Override
  @SuppressWarnings("unchecked")
  public Iterator<E> iterator() {
    List<E> copy = new ArrayList<>();
    for (byte[] b : set) {
      copy.add((E) HzNames.decode(b, "read"));
    }
    return copy.iterator();
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
