package dev.multiproc.internal.manager;

import java.lang.reflect.Array;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a collection proxy does here rather than in the manager (see {@link ProxyHandler}):
 * iterators over a copy that write through, a list's sub-list view, content equality and typed
 * arrays.
 */
final class ProxyCollections {
  private ProxyCollections() {}

  /* --------------- iterators --------------- */

  /**
   * An iterator over {@code snapshot} whose {@code remove()} removes the element it returned from
   * the manager's collection (through {@code remover}).
   */
  static Iterator<Object> iterator(Object[] snapshot, Consumer<Object> remover) {
    return new Iterator<>() {
      private int next;
      private boolean canRemove;

      @Override
      public boolean hasNext() {
        return next < snapshot.length;
      }

      @Override
      public Object next() {
        if (next >= snapshot.length) {
          throw new NoSuchElementException();
        }
        canRemove = true;
        return snapshot[next++];
      }

      @Override
      public void remove() {
        if (!canRemove) {
          throw new IllegalStateException("next() has not been called, or remove() already was");
        }
        canRemove = false;
        remover.accept(snapshot[next - 1]);
      }
    };
  }

  /** A map's entries: {@code setValue} puts, {@code remove()} removes the key, in the manager. */
  static Iterator<Map.Entry<Object, Object>> entries(Map<Object, Object> map, Object[] entries) {
    Iterator<Object> keys = iterator(entries, e -> map.remove(((Map.Entry<?, ?>) e).getKey()));
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return keys.hasNext();
      }

      @Override
      public Map.Entry<Object, Object> next() {
        Map.Entry<?, ?> e = (Map.Entry<?, ?>) keys.next();
        return new Entry(map, e.getKey(), e.getValue());
      }

      @Override
      public void remove() {
        keys.remove();
      }
    };
  }

  /** A map's values; {@code remove()} removes the entry the value came from. */
  static Iterator<Object> values(Map<Object, Object> map, Object[] entries) {
    Iterator<Object> all = iterator(entries, e -> map.remove(((Map.Entry<?, ?>) e).getKey()));
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return all.hasNext();
      }

      @Override
      public Object next() {
        return ((Map.Entry<?, ?>) all.next()).getValue();
      }

      @Override
      public void remove() {
        all.remove();
      }
    };
  }

  /** An entry of a map proxy: {@code setValue} puts the value in the manager. */
  private static final class Entry implements Map.Entry<Object, Object> {
    private final Map<Object, Object> map;
    private final Object key;
    private @Nullable Object value;

    Entry(Map<Object, Object> map, Object key, @Nullable Object value) {
      this.map = map;
      this.key = key;
      this.value = value;
    }

    @Override
    public Object getKey() {
      return key;
    }

    @Override
    public @Nullable Object getValue() {
      return value;
    }

    @Override
    public @Nullable Object setValue(@Nullable Object newValue) {
      Object old = value;
      map.put(key, newValue);
      value = newValue;
      return old;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Map.Entry<?, ?> e
          && Objects.equals(key, e.getKey())
          && Objects.equals(value, e.getValue());
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(key) ^ Objects.hashCode(value);
    }

    @Override
    public String toString() {
      return key + "=" + value;
    }
  }

  /**
   * A list iterator over a copy of {@code list}, starting at {@code index}, whose {@code
   * remove}, {@code set} and {@code add} change {@code list} at the same index (and the copy, so
   * the iterator goes on consistently).
   */
  static ListIterator<Object> listIterator(List<Object> list, Object[] snapshot, int index) {
    ArrayList<Object> copy = new ArrayList<>(Arrays.asList(snapshot));
    if (index < 0 || index > copy.size()) {
      throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + copy.size());
    }
    return new ListIterator<>() {
      private int cursor = index;
      private int last = -1;

      @Override
      public boolean hasNext() {
        return cursor < copy.size();
      }

      @Override
      public Object next() {
        if (cursor >= copy.size()) {
          throw new NoSuchElementException();
        }
        last = cursor;
        return copy.get(cursor++);
      }

      @Override
      public boolean hasPrevious() {
        return cursor > 0;
      }

      @Override
      public Object previous() {
        if (cursor <= 0) {
          throw new NoSuchElementException();
        }
        last = --cursor;
        return copy.get(cursor);
      }

      @Override
      public int nextIndex() {
        return cursor;
      }

      @Override
      public int previousIndex() {
        return cursor - 1;
      }

      @Override
      public void remove() {
        checkLast();
        list.remove(last);
        copy.remove(last);
        cursor = last;
        last = -1;
      }

      @Override
      public void set(Object e) {
        checkLast();
        list.set(last, e);
        copy.set(last, e);
      }

      @Override
      public void add(Object e) {
        list.add(cursor, e);
        copy.add(cursor++, e);
        last = -1;
      }

      private void checkLast() {
        if (last < 0) {
          throw new IllegalStateException(
              "next() or previous() has not been called since the last remove() or add()");
        }
      }
    };
  }

  /**
   * A view of indices {@code from} (inclusive) to {@code to} of a list proxy: every method is a
   * call on the list at the shifted index. As {@link List#subList}'s, it is valid while the list
   * changes only through it.
   */
  static final class SubList extends AbstractList<Object> {
    private final List<Object> list;
    private final int offset;
    private int size;

    SubList(List<Object> list, int from, int to) {
      int listSize = list.size();
      if (from < 0 || to > listSize || from > to) {
        throw new IndexOutOfBoundsException(
            "subList(" + from + ", " + to + ") of a list of size " + listSize);
      }
      this.list = list;
      this.offset = from;
      this.size = to - from;
    }

    @Override
    public Object get(int index) {
      Objects.checkIndex(index, size);
      return list.get(offset + index);
    }

    @Override
    public Object set(int index, Object element) {
      Objects.checkIndex(index, size);
      return list.set(offset + index, element);
    }

    @Override
    public void add(int index, Object element) {
      Objects.checkIndex(index, size + 1);
      list.add(offset + index, element);
      size++;
      modCount++;
    }

    @Override
    public Object remove(int index) {
      Objects.checkIndex(index, size);
      Object removed = list.remove(offset + index);
      size--;
      modCount++;
      return removed;
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
      for (int i = toIndex - 1; i >= fromIndex; i--) {
        remove(i);
      }
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<Object> iterator() {
      return listIterator(0);
    }

    @Override
    public ListIterator<Object> listIterator(int index) {
      return ProxyCollections.listIterator(this, toArray(), index);
    }

    @Override
    public Object[] toArray() {
      Object[] all = list.toArray();
      if (all.length < offset + size) {
        throw new ConcurrentModificationException(
            "the list changed under its sub-list: "
                + all.length
                + " elements, the sub-list ends at "
                + (offset + size));
      }
      return Arrays.copyOfRange(all, offset, offset + size);
    }
  }

  /* --------------- arrays and equality --------------- */

  /** {@link Collection#toArray(Object[])} over a copy: fills {@code a} if it is large enough. */
  // NullAway: Collection.toArray's contract sets the element after the last to null
  @SuppressWarnings({"unchecked", "NullAway"})
  static <T> T[] toArray(Object[] snapshot, T[] a) {
    Objects.requireNonNull(a, "the array");
    int n = snapshot.length;
    T[] out = a.length >= n ? a : (T[]) Array.newInstance(a.getClass().getComponentType(), n);
    System.arraycopy(snapshot, 0, out, 0, n); // ArrayStoreException for a wrong component type
    if (out.length > n) {
      out[n] = null;
    }
    return out;
  }

  /**
   * {@code equals} of a proxy: a proxy of the same object; for a list, set or map (or a map's
   * key or entry set) the {@link List}, {@link Set} or {@link Map} contract on a copy of the
   * contents, compared here; false for anything else.
   */
  static boolean equals(ProxyHandler h, Object proxy, @Nullable Object other) throws Throwable {
    if (other == proxy || h.sameObject(other)) {
      return true;
    }
    if (other == null) {
      return false;
    }
    boolean isMap = h.view().isEmpty() && proxy instanceof Map<?, ?>;
    if (isMap) {
      if (!(other instanceof Map<?, ?>)) {
        return false;
      }
      Map<Object, Object> mine = new HashMap<>();
      for (Object e :
          (Object[])
              Objects.requireNonNull(
                  h.endpoint()
                      .invoke(
                          h.id(),
                          "entrySet()/toArray()",
                          null,
                          false,
                          false,
                          "Map.equals(java.lang.Object)"))) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
        mine.put(entry.getKey(), entry.getValue());
      }
      return mine.equals(other);
    }
    if (proxy instanceof List<?>) {
      return other instanceof List<?> && Arrays.asList(h.snapshot()).equals(other);
    }
    if (proxy instanceof Set<?>) {
      return other instanceof Set<?> && new HashSet<>(Arrays.asList(h.snapshot())).equals(other);
    }
    return false; // queues, locks, values …: equal only to a proxy of the same object
  }
}
