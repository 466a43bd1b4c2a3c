package dev.multiproc.internal.manager;

import dev.multiproc.sync.Held;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What every manager proxy does: sends each call of its interface to the manager, on this
 * process's connections to it (see {@link ClientPool}).
 *
 * <p>What runs here instead:
 *
 * <ul>
 *   <li>iterators: made from a copy taken in one call, and writing through: {@code remove()} of a
 *       list's iterator removes that index in the manager ({@code set}, {@code add} likewise), of
 *       a set's or queue's iterator removes that element, of a map view's iterator removes that
 *       key; {@code entry.setValue} of a map's entry puts. So {@code removeIf}, {@code
 *       replaceAll} and {@code sort}, which the JDK runs over iterators, change the manager's
 *       object (not atomically: other callers may interleave, as with any default method);
 *   <li>a map's {@code keySet()}, {@code values()} and {@code entrySet()}: views whose every
 *       method is a call on the map's view in the manager (so {@code keySet().remove(k)} removes
 *       the key there); {@code subList} of a list: a view over the list's indices;
 *   <li>{@code equals} of a list, set or map compares its contents with the argument here, so the
 *       argument need not be sendable; a queue or a lock equals only a proxy of the same object;
 *   <li>{@code toArray(T[])} fills the caller's array, {@code drainTo(c)} adds to the caller's
 *       collection;
 *   <li>default methods with function arguments ({@code computeIfAbsent}, {@code forEach} …)
 *       run here over calls; a map's {@code putIfAbsent}, {@code remove(k, v)}, {@code replace}
 *       and {@code getOrDefault} run in the manager, atomically;
 *   <li>{@code hold()} takes the object with {@code acquire()} and gives it back with {@code
 *       release()}; a condition's {@code waitFor} checks the caller's predicate here around the
 *       manager's {@code await}.
 * </ul>
 *
 * <p>Arguments are prepared by {@link ProxyArguments}: collections passed where the method takes
 * a collection or map are copied into plain serializable ones, and timeouts are saturated.
 *
 * @param endpoint the manager
 * @param id the object's id there
 * @param api the interface this proxy implements
 * @param view {@code ""} for the object, or the map view it is ({@code keySet()}, {@code
 *     values()}, {@code entrySet()})
 */
record ProxyHandler(Endpoint endpoint, long id, Class<?> api, String view)
    implements InvocationHandler, Serializable {
  @Serial private static final long serialVersionUID = 2L;

  /** This process's proxies, one per object, so a proxy returned twice is the same object. */
  private static final Map<String, java.lang.ref.WeakReference<Object>> PROXIES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static <T> T proxy(Endpoint endpoint, long id, Class<T> api) {
    return proxy(endpoint, id, api, "");
  }

  private static <T> T proxy(Endpoint endpoint, long id, Class<T> api, String view) {
    String key = endpoint.address() + "#" + id + "#" + api.getName() + "#" + view;
    java.lang.ref.WeakReference<Object> known = PROXIES.get(key);
    Object p = known == null ? null : known.get();
    if (p == null) {
      p =
          Proxy.newProxyInstance(
              proxyLoader(api), new Class<?>[] {api}, new ProxyHandler(endpoint, id, api, view));
      if (PROXIES.size() >= 1024 && PROXIES.size() % 1024 == 0) {
        PROXIES.values().removeIf(r -> r.get() == null); // forget collected proxies
      }
      PROXIES.put(key, new java.lang.ref.WeakReference<>(p));
    }
    return api.cast(p);
  }

  private static ClassLoader proxyLoader(Class<?> api) {
    ClassLoader loader = api.getClassLoader();
    return loader != null ? loader : ProxyHandler.class.getClassLoader();
  }

  /** The handler of {@code o} if it is a proxy of a manager's object, else null. */
  static @Nullable ProxyHandler of(@Nullable Object o) {
    return o != null
            && Proxy.isProxyClass(o.getClass())
            && Proxy.getInvocationHandler(o) instanceof ProxyHandler h
        ? h
        : null;
  }

  /** Whether {@code other} is a proxy of the same object (or the same view of it). */
  boolean sameObject(@Nullable Object other) {
    ProxyHandler h = of(other);
    return h != null && h.endpoint.equals(endpoint) && h.id == id && h.view.equals(view);
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> map() {
    return proxy(endpoint, id, Map.class, "");
  }

  @Override
  // NullAway: the arguments of a reflective call; those it unboxes are of primitive parameters
  @SuppressWarnings("NullAway")
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
      throws Throwable {
    String name = method.getName();
    int n = method.getParameterCount();
    if (method.getDeclaringClass() == Object.class) {
      return switch (name) {
        case "equals" -> ProxyCollections.equals(this, proxy, Objects.requireNonNull(args)[0]);
        case "hashCode", "toString" -> remote(method, args);
        default -> throw new UnsupportedOperationException(name);
      };
    }
    Object[] a = args == null ? new Object[0] : args;
    if (proxy instanceof Collection<?>) {
      switch (name) {
        case "iterator" -> {
          if (n == 0) {
            return iterator(proxy);
          }
        }
        case "listIterator" -> {
          if (proxy instanceof List<?> list) {
            Object[] snapshot = snapshot();
            int index = n == 0 ? 0 : (Integer) a[0];
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            return ProxyCollections.listIterator(l, snapshot, index);
          }
        }
        case "subList" -> {
          if (proxy instanceof List<?> list && n == 2) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) list;
            return new ProxyCollections.SubList(l, (Integer) a[0], (Integer) a[1]);
          }
        }
        case "toArray" -> {
          if (n == 1 && method.getParameterTypes()[0] == Object[].class) {
            return ProxyCollections.toArray(snapshot(), (Object[]) a[0]);
          }
        }
        case "drainTo" -> {
          if (proxy instanceof BlockingQueue<?> && (n == 1 || n == 2)) {
            return drainTo(proxy, method, a);
          }
        }
        default -> {
          // a call like any other
        }
      }
    }
    if (proxy instanceof Map<?, ?> && n == 0) {
      switch (name) {
        case "keySet", "entrySet" -> {
          return proxy(endpoint, id, Set.class, name + "()");
        }
        case "values" -> {
          return proxy(endpoint, id, Collection.class, "values()");
        }
        default -> {
          // a call like any other
        }
      }
    }
    if (name.equals("waitFor")
        && n >= 1
        && method.getParameterTypes()[0] == BooleanSupplier.class) {
      return waitFor((BooleanSupplier) a[0], n > 1 ? (Duration) a[1] : null);
    }
    if (name.equals("hold") && method.getReturnType() == Held.class && !method.isDefault()) {
      return hold();
    }
    if (name.equals("newCondition") && n == 0) {
      throw new UnsupportedOperationException(
          "a manager's lock makes no conditions: use manager.condition()");
    }
    if (method.isDefault() && !runsInTheManager(method)) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    Object result = remote(method, args);
    if (result instanceof List<?> copy) { // an iterator of a registered type, as a copy
      if (method.getReturnType() == Iterator.class) {
        return copy.iterator();
      }
      if (method.getReturnType() == ListIterator.class) {
        return n == 0 ? copy.listIterator() : copy.listIterator((Integer) a[0]);
      }
    }
    return result;
  }

  /** Default methods that the manager runs atomically rather than this proxy over calls. */
  private static boolean runsInTheManager(Method m) {
    if (m.getDeclaringClass() != Map.class) {
      return false;
    }
    return switch (m.getName()) {
      case "getOrDefault", "putIfAbsent", "replace" -> true;
      case "remove" -> m.getParameterCount() == 2;
      default -> false;
    };
  }

  /* --------------- collections --------------- */

  /** A copy of the collection (or view), taken in one call. */
  Object[] snapshot() throws Throwable {
    return (Object[]) Objects.requireNonNull(call("toArray()", null, false, "toArray()"));
  }

  private Iterator<?> iterator(Object proxy) throws Throwable {
    switch (view) {
      case "keySet()" -> {
        Map<Object, Object> map = map();
        return ProxyCollections.iterator(snapshot(), map::remove);
      }
      case "entrySet()" -> {
        return ProxyCollections.entries(map(), snapshot());
      }
      case "values()" -> {
        Object[] entries =
            (Object[])
                Objects.requireNonNull(
                    endpoint.invoke(
                        id, "entrySet()/toArray()", null, false, false, "Map.values().iterator()"));
        return ProxyCollections.values(map(), entries);
      }
      default -> {
        if (proxy instanceof List<?> list) {
          @SuppressWarnings("unchecked")
          List<Object> l = (List<Object>) list;
          return ProxyCollections.listIterator(l, snapshot(), 0);
        }
        @SuppressWarnings("unchecked")
        Collection<Object> c = (Collection<Object>) proxy;
        return ProxyCollections.iterator(snapshot(), c::remove);
      }
    }
  }

  private Object drainTo(Object proxy, Method method, Object[] a) throws Throwable {
    @SuppressWarnings("unchecked")
    Collection<Object> into = (Collection<Object>) a[0];
    Objects.requireNonNull(into, "drainTo's collection");
    if (into == proxy || sameObject(into)) {
      throw new IllegalArgumentException("a queue cannot be drained into itself");
    }
    if (a.length == 2 && (Integer) a[1] <= 0) {
      return 0;
    }
    Object[] sent = a.length == 2 ? new Object[] {null, a[1]} : new Object[] {null};
    List<?> drained =
        (List<?>)
            Objects.requireNonNull(call(Signatures.of(method), sent, false, Signatures.of(method)));
    into.addAll(drained);
    return drained.size();
  }

  /* --------------- locks and conditions --------------- */

  private Held hold() throws Throwable {
    call("acquire()", null, false, "hold()"); // as lock(): not interruptible
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        try {
          call("release()", null, false, "release()");
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable t) {
          throw new IllegalStateException(t);
        }
      }
    };
  }

  /**
   * A condition's {@code waitFor}, here: the predicate is the caller's (often a lambda over its
   * own objects), so it is checked here around the manager's {@code await}.
   */
  private @Nullable Object waitFor(BooleanSupplier predicate, @Nullable Duration timeout)
      throws Throwable {
    long end = timeout == null ? 0 : System.nanoTime() + ProxyArguments.nanos(timeout);
    while (!predicate.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (timeout != null && left <= 0) {
        return false;
      }
      call(
          "await(java.time.Duration)",
          new Object[] {Duration.ofNanos(timeout == null ? 100_000_000L : left)},
          true,
          "await(java.time.Duration)");
    }
    return timeout == null ? null : true;
  }

  /* --------------- calls --------------- */

  private @Nullable Object remote(Method method, @Nullable Object @Nullable [] args)
      throws Throwable {
    String signature = Signatures.of(method);
    return call(
        signature,
        ProxyArguments.prepare(method, args),
        ProxyArguments.interruptible(method),
        signature);
  }

  private @Nullable Object call(
      String signature, @Nullable Object @Nullable [] args, boolean interruptible, String what)
      throws Throwable {
    String path = view.isEmpty() ? signature : view + "/" + signature;
    Object result =
        endpoint.invoke(
            id,
            path,
            args,
            view.isEmpty() && ManagedObjects.bySession(api),
            interruptible,
            (view.isEmpty() ? api.getSimpleName() : "Map." + view) + "." + what);
    if (result instanceof Exported e) {
      return proxy(endpoint, e.id(), e.api());
    }
    return result;
  }

  /**
   * An object of the manager returned by a call (a condition's lock): the caller gets a proxy.
   *
   * @param id the object's id
   * @param api its interface
   */
  record Exported(long id, Class<?> api) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }
}
