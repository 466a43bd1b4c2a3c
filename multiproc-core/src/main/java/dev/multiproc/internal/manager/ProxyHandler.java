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

  static <T> T proxy(Endpoint endpoint, long id, Class<T> api) {
    return api.cast(Proxy.newProxyInstance(proxyLoader(api), new Class<?>[] {api},
        new ProxyHandler(endpoint, id, api)));
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
    if (method.getName().equals("hold") && method.getReturnType() == Held.class) {
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
