package dev.multiproc.internal.manager;

import dev.multiproc.manager.ManagerException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
   * For a queue's blocking put or get, does it now if it need not wait, or if a get's item comes
   * within {@code waitNanos} (no longer than the get's own timeout). A timed get that found
   * nothing has {@code args} changed to the time it has left.
   *
   * @param args the call's arguments, changed in place for what is left to wait
   * @param waitNanos how long a get may wait here, 0 for not at all
   * @return the result, or {@link #WOULD_WAIT}
   * @throws Throwable what the queue threw
   */
  @Nullable Object tryNow(@Nullable Object[] args, long waitNanos) throws Throwable {
    if (!(target instanceof BlockingQueue<?> queue)) {
      return WOULD_WAIT;
    }
    @SuppressWarnings("unchecked")
    BlockingQueue<Object> q = (BlockingQueue<Object>) queue;
    String name = method.getName();
    int n = args.length;
    boolean untimedGet = (name.equals("take") || name.equals("get")) && n == 0;
    boolean timedPoll = name.equals("poll") && n == 2 && args[0] instanceof Long
        && args[1] instanceof TimeUnit;
    boolean timedGet = name.equals("get") && n == 1 && args[0] instanceof Duration;
    boolean put = name.equals("put") && (n == 1 || n == 2) || name.equals("offer") && n == 3;
    try {
      if (untimedGet || timedPoll || timedGet) {
        long timeout = untimedGet ? Long.MAX_VALUE
            : timedPoll ? ((TimeUnit) args[1]).toNanos((Long) args[0])
            : ProxyArguments.nanos((Duration) args[0]);
        long wait = Math.max(0, Math.min(waitNanos, timeout));
        Object item = wait > 0 ? q.poll(wait, TimeUnit.NANOSECONDS) : q.poll();
        if (item != null) {
          return item;
        }
        if (timedPoll) {
          args[0] = Math.max(0, timeout - wait);
          args[1] = TimeUnit.NANOSECONDS;
        } else if (timedGet) {
          args[0] = Duration.ofNanos(Math.max(0, timeout - wait));
        }
        return WOULD_WAIT;
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
