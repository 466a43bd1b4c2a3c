package dev.multiproc.internal.manager;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Names a method the same way on both sides: {@code put(java.lang.Object,java.lang.Object)}. */
final class Signatures {
  private static final ConcurrentHashMap<Class<?>, Map<String, Method>> BY_API =
      new ConcurrentHashMap<>();

  private Signatures() {}

  private static final ConcurrentHashMap<Method, String> BY_METHOD = new ConcurrentHashMap<>();

  static String of(Method m) {
    String known = BY_METHOD.get(m);
    return known != null ? known : BY_METHOD.computeIfAbsent(m, Signatures::build);
  }

  private static String build(Method m) {
    var sb = new StringBuilder(m.getName()).append('(');
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      sb.append(i == 0 ? "" : ",").append(types[i].getName());
    }
    return sb.append(')').toString();
  }

  /** The public methods of {@code api} (inherited ones included), by signature. */
  static Map<String, Method> methods(Class<?> api) {
    return BY_API.computeIfAbsent(
        api,
        a -> {
          Map<String, Method> all = new HashMap<>();
          for (Method m : a.getMethods()) {
            all.putIfAbsent(of(m), m);
          }
          return Map.copyOf(all);
        });
  }
}
