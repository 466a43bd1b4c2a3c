package dev.multiproc.internal.manager;

import dev.multiproc.sync.Held;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What every manager proxy does: sends each call of its interface to the manager, on this
 * thread's connection. Default methods run here over those calls; {@code hold()} takes the
 * object with {@code acquire()} and gives it back with {@code release()}; an iterator is made
 * here from the copy the manager returns.
 *
 * @param endpoint the manager
 * @param id the object's id there
 * @param api the interface
 */
record ProxyHandler(Endpoint endpoint, long id, Class<?> api)
    implements InvocationHandler, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** This process's proxies, one per object, so a proxy returned twice is the same object. */
  private static final java.util.Map<String, java.lang.ref.WeakReference<Object>> PROXIES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static <T> T proxy(Endpoint endpoint, long id, Class<T> api) {
    String key = endpoint.address() + "#" + id + "#" + api.getName();
    java.lang.ref.WeakReference<Object> known = PROXIES.get(key);
    Object p = known == null ? null : known.get();
    if (p == null) {
      p = Proxy.newProxyInstance(proxyLoader(api), new Class<?>[] {api},
          new ProxyHandler(endpoint, id, api));
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

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args[0] != null && Proxy.isProxyClass(args[0].getClass())
            && Proxy.getInvocationHandler(args[0]) instanceof ProxyHandler other
            ? other.endpoint.equals(endpoint) && other.id == id
            : remote(method, args);
        case "hashCode", "toString" -> remote(method, args);
        default -> throw new UnsupportedOperationException(method.getName());
      };
    }
    if (method.getName().equals("waitFor") && method.getParameterCount() >= 1
        && method.getParameterTypes()[0] == java.util.function.BooleanSupplier.class) {
      return waitFor(proxy, (java.util.function.BooleanSupplier) args[0],
          args.length > 1 ? (java.time.Duration) args[1] : null);
    }
    if (method.getName().equals("hold") && method.getReturnType() == Held.class
        && !method.isDefault()) {
      remote(api.getMethod("acquire"), null);
      AtomicBoolean open = new AtomicBoolean(true);
      Method release = api.getMethod("release");
      return (Held) () -> {
        if (open.getAndSet(false)) {
          try {
            remote(release, null);
          } catch (RuntimeException | Error e) {
            throw e;
          } catch (Throwable t) {
            throw new IllegalStateException(t);
          }
        }
      };
    }
    if (method.getName().equals("newCondition") && method.getParameterCount() == 0) {
      throw new UnsupportedOperationException(
          "a manager's lock makes no conditions: use manager.condition()");
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    Object result = remote(method, args);
    if (result instanceof List<?> copy) {
      if (method.getReturnType() == Iterator.class) {
        return copy.iterator();
      }
      if (method.getReturnType() == ListIterator.class) {
        return args == null || args.length == 0
            ? copy.listIterator() : copy.listIterator((Integer) args[0]);
      }
    }
    return result;
  }

  /**
   * A condition's {@code waitFor}, here: the predicate is the caller's (often a lambda over its
   * own objects), so it is checked here around the manager's {@code await}.
   */
  private Object waitFor(Object proxy, java.util.function.BooleanSupplier predicate,
      java.time.@Nullable Duration timeout) throws Throwable {
    long end = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    Method await = api.getMethod("await", java.time.Duration.class);
    while (!predicate.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (timeout != null && left <= 0) {
        return false;
      }
      remote(await, new Object[] {java.time.Duration.ofNanos(
          timeout == null ? java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100) : left)});
    }
    return timeout == null ? null : true;
  }

  private @Nullable Object remote(Method method, @Nullable Object[] args) throws Throwable {
    String signature = Signatures.of(method);
    Object result = endpoint.call(new Requests.Call(id, signature, args),
        api.getSimpleName() + "." + signature);
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
