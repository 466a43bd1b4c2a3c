package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IList;
import com.hazelcast.core.HazelcastInstance;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A cluster manager's {@code list()} and {@code array(values)}: a {@link List} over a Hazelcast
 * {@link IList} of the library codec's bytes. {@code get}, {@code set}, {@code add}, {@code
 * remove(int)} and {@code size} are single cluster calls; {@code iterator()} and the bulk reads
 * work on a copy taken in one call. An array has a fixed length: adding or removing is refused.
 * Sent to another JVM, it arrives attached to the same list.
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
    this.list = hz.getList(name);
    this.fixed = fixed;
  }

  String name() {
    return list.getName();
  }

  private static byte[] encode(@Nullable Object e) {
    return HzNames.encode(e, "store");
  }

  @SuppressWarnings("unchecked")
  private static <T> T decode(byte[] bytes) {
    return (T) HzNames.decode(bytes, "read");
  }

  private void refuseResize() {
    if (fixed) {
      throw new UnsupportedOperationException(
          "an array has a fixed length (" + list.size() + "): set elements instead");
    }
  }

  @Override
  public E get(int index) {
    return decode(list.get(index));
  }

  @Override
  public E set(int index, @Nullable E element) {
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
    list.add(index, encode(element));
  }

  @Override
  public E remove(int index) {
    refuseResize();
    return decode(list.remove(index));
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

  @Override
  public Iterator<E> iterator() {
    return copy().iterator();
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
