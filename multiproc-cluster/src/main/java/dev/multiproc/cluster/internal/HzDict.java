package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A cluster manager's {@code dict()}: a {@link Map} over a Hazelcast {@link IMap} whose keys and
 * values are the library codec's bytes, so members store bytes and need none of the user's
 * classes. Two keys are the same key when their encodings are equal: true of strings, numbers,
 * records and lists of them, as Python's manager dict wants hashable keys; not of a key whose
 * encoding depends on iteration order (a {@code HashSet}).
 *
 * <p>Views ({@code keySet()}, {@code entrySet()}, {@code values()}) are copies taken in one call,
 * as a local manager's proxy gives; {@code get}, {@code put}, {@code remove}, {@code
 * containsKey}, {@code size} and {@code clear} are single cluster calls. Sent to another JVM, it
 * arrives attached to the same map.
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
    this.map = hz.getMap(name);
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

  /** A copy of the entries, taken in one call. */
  @Override
  public Set<Entry<K, V>> entrySet() {
    Map<K, V> copy = new LinkedHashMap<>();
    for (Entry<byte[], byte[]> e : map.entrySet()) {
      copy.put(decode(e.getKey()), decode(e.getValue()));
    }
    return copy.entrySet();
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
