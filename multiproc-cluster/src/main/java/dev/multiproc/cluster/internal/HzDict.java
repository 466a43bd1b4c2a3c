package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A cluster manager's {@code dict()}: a {@link Map} over a Hazelcast {@link IMap} whose keys and
 * values are the library codec's bytes, so members store bytes and need none of the user's
 * classes. Two keys are the same key when their encodings are equal: true of strings, numbers,
 * records and lists of them, as Python's manager dict wants hashable keys; not of a key whose
 * encoding depends on iteration order (a {@code HashSet}).
 *
 * <p>{@code get}, {@code put}, {@code remove}, {@code containsKey}, {@code size} and {@code clear}
 * are single cluster calls. The views ({@code keySet()}, {@code entrySet()}, {@code values()})
 * write through: their {@code size}, {@code contains} and {@code remove} ask the map, and their
 * iterators go over a copy of the entries taken in one call, whose {@code remove()} removes the
 * entry from the map and whose entries' {@code setValue} puts the value in the map ({@code
 * replaceAll} is built on it). Sent to another JVM, it arrives attached to the same map.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class HzDict<K, V> extends AbstractMap<K, V> implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final transient HazelcastInstance hz;
  private final transient IMap<byte[], byte[]> map;

  /**
   * What a sent dict attaches to.
   *
   * @param name the map's name
   */
  private record Spec(String name) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzDict<>(hz, name);
    }
  }

  HzDict(HazelcastInstance hz, String name) {
    this.hz = hz;
    this.map = HzGuard.map(hz, name);
  }

  String name() {
    return map.getName();
  }

  private static byte[] key(@Nullable Object key) {
    return HzNames.encode(key, "use as a key");
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable T decode(byte @Nullable [] bytes) {
    return bytes == null ? null : (T) HzNames.decode(bytes, "read");
  }

  @Override
  public @Nullable V get(@Nullable Object key) {
    return decode(map.get(key(key)));
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return map.containsKey(key(key));
  }

  @Override
  public @Nullable V put(@Nullable K key, @Nullable V value) {
    return decode(map.put(key(key), HzNames.encode(value, "store")));
  }

  @Override
  public @Nullable V remove(@Nullable Object key) {
    return decode(map.remove(key(key)));
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public void clear() {
    map.clear();
  }

  /** The entries, written through to the map; iteration goes over a copy taken in one call. */
  @Override
  public Set<Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<K, V>> iterator() {
        List<Entry<byte[], byte[]>> copy = new ArrayList<>(map.entrySet());
        return new Iterator<>() {
          private int next;
          private byte @Nullable [] last;

          @Override
          public boolean hasNext() {
            return next < copy.size();
          }

          @Override
          public Entry<K, V> next() {
            if (next >= copy.size()) {
              throw new NoSuchElementException();
            }
            Entry<byte[], byte[]> e = copy.get(next++);
            last = e.getKey();
            return new WrittenThrough(e.getKey(), decode(e.getKey()), decode(e.getValue()));
          }

          @Override
          public void remove() {
            byte[] key = last;
            if (key == null) {
              throw new IllegalStateException("next() was not called, or remove() was already");
            }
            last = null;
            map.delete(key);
          }
        };
      }

      @Override
      public int size() {
        return map.size();
      }

      @Override
      public boolean contains(@Nullable Object o) {
        if (!(o instanceof Entry<?, ?> e)) {
          return false;
        }
        byte[] key = HzList.encodeOrNull(e.getKey());
        if (key == null) {
          return false;
        }
        byte[] value = map.get(key);
        return value != null && Objects.equals(decode(value), e.getValue());
      }

      @Override
      public boolean remove(@Nullable Object o) {
        if (!(o instanceof Entry<?, ?> e)) {
          return false;
        }
        byte[] key = HzList.encodeOrNull(e.getKey());
        byte[] value = HzList.encodeOrNull(e.getValue());
        return key != null && value != null && map.remove(key, value);
      }

      @Override
      public void clear() {
        map.clear();
      }
    };
  }

  /** An entry whose {@code setValue} puts the value in the map. */
  private final class WrittenThrough extends AbstractMap.SimpleEntry<K, V> {
    @Serial private static final long serialVersionUID = 1L;
    private final transient byte[] keyBytes;

    WrittenThrough(byte[] keyBytes, @Nullable K key, @Nullable V value) {
      super(key, value);
      this.keyBytes = keyBytes;
    }

    @Override
    public V setValue(@Nullable V value) {
      map.set(keyBytes, HzNames.encode(value, "store"));
      return super.setValue(value);
    }
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same map.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name()));
  }
}
