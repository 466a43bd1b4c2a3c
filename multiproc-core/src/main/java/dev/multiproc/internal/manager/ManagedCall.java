package dev.multiproc.internal.manager;

import dev.multiproc.manager.ManagerException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * One call of a method of a managed object, resolved in the manager: the object (or the view of
 * a map it names), the method, and how it may be run.
 *
 * <p>A signature {@code keySet()/remove(java.lang.Object)} calls {@code remove} on the map's key
 * set: that is how a proxy's view of a map writes through. Only a map's {@code keySet()}, {@code
 * values()} and {@code entrySet()} are views.
 *
 * @param target the object or view the method is called on
 * @param method the method
 * @param mayBlock whether it may wait (it declares {@link InterruptedException}, or is an
 *     uninterruptible wait), so it must not run on a connection's reading thread
 * @param signature what was asked, for messages
 */
record ManagedCall(Object target, Method method, boolean mayBlock, String signature) {
  /** What {@link #tryNow} returns when the call would have to wait. */
  static final Object WOULD_WAIT = new Object();

  /** Resolves {@code signature} on {@code object}, which implements {@code api}. */
  static ManagedCall resolve(Object object, Class<?> api, String signature) {
    Object target = object;
    Class<?> targetApi = api;
    String method = signature;
    int slash = signature.indexOf('/');
    if (slash >= 0) {
      String view = signature.substring(0, slash);
      if (!(object instanceof Map<?, ?> map)) {
        throw new ManagerException("a " + api.getName() + " has no views: " + signature, null);
      }
      switch (view) {
        case "keySet()" -> {
          target = map.keySet();
          targetApi = Set.class;
        }
        case "entrySet()" -> {
          target = map.entrySet();
          targetApi = Set.class;
        }
        case "values()" -> {
          target = map.values();
          targetApi = Collection.class;
        }
        default -> throw new ManagerException("a map has no view " + view, null);
      }
      method = signature.substring(slash + 1);
    }
    Method m = Signatures.methods(targetApi).get(method);
    if (m == null) {
      m = Signatures.methods(Object.class).get(method); // toString, hashCode, equals
    }
    if (m == null) {
      throw new ManagerException(targetApi.getName() + " has no method " + method, null);
    }
    return new ManagedCall(target, m, mayBlock(m), signature);
  }

  private static boolean mayBlock(Method m) {
    for (Class<?> thrown : m.getExceptionTypes()) {
      if (thrown == InterruptedException.class) {
        return true;
      }
    }
    return switch (m.getName()) {
      case "lock", "acquireUninterruptibly", "awaitUninterruptibly", "hold" -> true;
      default -> false;
    };
  }

  /**
   * Runs the call.
   *
   * @return the result, as the method returned it
   * @throws Throwable what the method threw
   */
  @Nullable Object invoke(@Nullable Object[] args) throws Throwable {
    if (method.getName().equals("drainTo") && args.length >= 1 && args[0] == null
        && target instanceof BlockingQueue<?> queue) {
      // a proxy's drainTo: the items come back to the caller, who adds them to its collection
      List<Object> drained = new ArrayList<>();
      @SuppressWarnings("unchecked")
      BlockingQueue<Object> q = (BlockingQueue<Object>) queue;
      if (args.length == 2) {
        q.drainTo(drained, (Integer) args[1]);
      } else {
        q.drainTo(drained);
      }
      return drained;
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad arguments for " + signature + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * For a queue's blocking put or get, does it at once if it need not wait.
   *
   * @return the result, or {@link #WOULD_WAIT}
   * @throws Throwable what the queue threw
   */
  @Nullable Object tryNow(@Nullable Object[] args) throws Throwable {
    if (!(target instanceof BlockingQueue<?> queue)) {
      return WOULD_WAIT;
    }
    @SuppressWarnings("unchecked")
    BlockingQueue<Object> q = (BlockingQueue<Object>) queue;
    String name = method.getName();
    int n = args.length;
    boolean get = (name.equals("take") || name.equals("get")) && n == 0
        || name.equals("poll") && n == 2 || name.equals("get") && n == 1;
    boolean put = name.equals("put") && (n == 1 || n == 2) || name.equals("offer") && n == 3;
    try {
      if (get) {
        Object item = q.poll();
        return item != null ? item : WOULD_WAIT;
      }
      if (put && args[0] != null) {
        if (!q.offer(args[0])) {
          return WOULD_WAIT;
        }
        return name.equals("offer") ? Boolean.TRUE : null;
      }
    } catch (UnsupportedOperationException e) {
      return WOULD_WAIT;
    }
    return WOULD_WAIT;
  }
}
