package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.Namespace;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A cluster manager's {@code namespace()} and {@code value(v)}: named attributes in a Hazelcast
 * {@link IMap} of the library codec's bytes (a value is the namespace's one attribute {@code
 * "value"}). Unlike a local manager's namespace, {@link #asMap()} lists the attributes in name
 * order, not in the order they were first set: the map keeps none. Sent to another JVM, it
 * arrives attached to the same map.
 */
final class HzNamespace implements Namespace, ManagedValue<Object>, Serializable {
  @Serial private static final long serialVersionUID = 1L;
  private static final String VALUE = "value";

  private final transient HazelcastInstance hz;
  private final transient IMap<String, byte[]> map;
  private final transient boolean isValue;

  /**
   * What a sent namespace or value attaches to.
   *
   * @param name the map's name
   * @param isValue whether it is a value
   */
  private record Spec(String name, boolean isValue) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return new HzNamespace(hz, name, isValue);
    }
  }

  HzNamespace(HazelcastInstance hz, String name, boolean isValue) {
    this.hz = hz;
    this.map = HzGuard.map(hz, name);
    this.isValue = isValue;
  }

  String name() {
    return map.getName();
  }

  @Override
  // NullAway: a value may be null (Python's None), which a type bounded by Object cannot say
  @SuppressWarnings({"unchecked", "NullAway"})
  public <T> T get(String name) {
    byte[] bytes = map.get(name);
    if (bytes == null) {
      throw new NoSuchElementException("the namespace has no attribute '" + name + "'");
    }
    return (T) HzNames.decode(bytes, "read");
  }

  @Override
  public void set(String name, @Nullable Object value) {
    map.set(name, HzNames.encode(value, "store"));
  }

  @Override
  public boolean delete(String name) {
    return map.remove(name) != null;
  }

  @Override
  public Map<String, Object> asMap() {
    Map<String, Object> copy = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : map.entrySet()) {
      copy.put(e.getKey(), HzNames.decode(e.getValue(), "read"));
    }
    return copy;
  }

  @Override
  public @Nullable Object get() {
    byte[] bytes = map.get(VALUE);
    return bytes == null ? null : HzNames.decode(bytes, "read");
  }

  @Override
  public void set(@Nullable Object value) {
    set(VALUE, value);
  }

  @Override
  public String toString() {
    return isValue
        ? "Value[cluster " + name() + ": " + get() + "]"
        : "Namespace[cluster " + name() + ": " + asMap() + "]";
  }

  /**
   * Sends a reference by name instead: the receiving JVM attaches to the same map.
   *
   * @return the reference
   */
  @Serial
  private Object writeReplace() {
    return HzRef.of(hz, new Spec(name(), isValue));
  }
}
