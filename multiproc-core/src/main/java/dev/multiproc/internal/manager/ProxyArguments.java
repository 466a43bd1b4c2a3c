package dev.multiproc.internal.manager;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Prepares a proxy call's arguments for the trip to the manager.
 *
 * <ul>
 *   <li>A collection or map passed where the method takes a {@link Collection} or {@link Map}
 *       ({@code addAll}, {@code containsAll}, {@code removeAll}, {@code retainAll}, {@code
 *       putAll} …) is copied into a plain {@link ArrayList}, {@link LinkedHashSet} or {@link
 *       LinkedHashMap}: the manager only reads it, and a view such as {@code HashMap.keySet()}
 *       is not serializable. A proxy passed there is copied too: the manager, reading a proxy of
 *       one of its own objects ({@code list.containsAll(list)}), would wait on itself. A map
 *       entry that is not serializable becomes a plain one.
 *   <li>Timeouts saturate as the JDK's do: a {@code (long, TimeUnit)} pair becomes nanoseconds,
 *       clamped to 0 below and to {@link #LONGEST_WAIT} above; a {@link Duration} is clamped to
 *       ±{@link #LONGEST_WAIT}; {@code awaitNanos(n)} likewise. So {@code poll(Long.MAX_VALUE,
 *       DAYS)} waits "for ever" and {@code poll(Long.MIN_VALUE, DAYS)} does not wait, instead of
 *       overflowing a deadline.
 * </ul>
 */
final class ProxyArguments {
  /** The longest wait sent to a manager: about 73 years, far from any overflow. */
  static final Duration LONGEST_WAIT = Duration.ofNanos(Long.MAX_VALUE / 4);

  private ProxyArguments() {}

  private static final Map<Method, Boolean> INTERRUPTIBLE =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether an interrupt cancels the method, as it declares {@link InterruptedException}. */
  static boolean interruptible(Method m) {
    Boolean known = INTERRUPTIBLE.get(m);
    if (known != null) {
      return known;
    }
    boolean declares = false;
    for (Class<?> thrown : m.getExceptionTypes()) {
      declares |= thrown == InterruptedException.class;
    }
    INTERRUPTIBLE.put(m, declares);
    return declares;
  }

  /** A duration's nanoseconds, saturated at ±{@link #LONGEST_WAIT}. */
  static long nanos(Duration d) {
    return clamp(d).toNanos();
  }

  private static Duration clamp(Duration d) {
    if (d.compareTo(LONGEST_WAIT) > 0) {
      return LONGEST_WAIT;
    }
    if (d.compareTo(LONGEST_WAIT.negated()) < 0) {
      return LONGEST_WAIT.negated();
    }
    return d;
  }

  /** The arguments to send for {@code method}; {@code args} may be changed in place. */
  static @Nullable Object @Nullable [] prepare(Method method, @Nullable Object @Nullable [] args) {
    if (args == null) {
      return null;
    }
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      Class<?> type = types[i];
      if (a == null
          || (ProxyHandler.of(a) != null && type != Collection.class && type != Map.class)) {
        continue; // a proxy travels as itself: stored in a dict or a list, it stays a proxy
      }
      if (type == long.class
          && i + 1 < types.length
          && types[i + 1] == TimeUnit.class
          && args[i + 1] instanceof TimeUnit unit) {
        long nanos = unit.toNanos((Long) a); // saturates at Long.MIN_VALUE / MAX_VALUE
        args[i] = Math.clamp(nanos, 0, LONGEST_WAIT.toNanos());
        args[i + 1] = TimeUnit.NANOSECONDS;
        i++;
      } else if (type == long.class && method.getName().equals("awaitNanos")) {
        args[i] = Math.clamp((Long) a, 0, LONGEST_WAIT.toNanos());
      } else if (a instanceof Duration d) {
        args[i] = clamp(d);
      } else if (type == Collection.class && a instanceof Collection<?> c) {
        Collection<Object> copy = c instanceof Set<?> ? new LinkedHashSet<>() : new ArrayList<>();
        for (Object item : c.toArray()) { // an entry of a map view's copy is not serializable
          copy.add(
              item instanceof Map.Entry<?, ?> e && !(item instanceof java.io.Serializable)
                  ? new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue())
                  : item);
        }
        args[i] = copy;
      } else if (type == Map.class && a instanceof Map<?, ?> m) {
        args[i] = new LinkedHashMap<>(m);
      } else if (a instanceof Map.Entry<?, ?> e && !(a instanceof java.io.Serializable)) {
        args[i] = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
      }
    }
    return args;
  }
}
