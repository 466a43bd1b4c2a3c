package dev.multiproc.internal.manager;

import dev.multiproc.ipc.JoinableMpQueue;
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
 * @param traits what the method is, worked out once per method
 * @param signature what was asked, for messages
 */
record ManagedCall(Object target, Method method, Traits traits, String signature) {
  /** What {@link #tryNow} returns when the call would have to wait. */
  static final Object WOULD_WAIT = new Object();

  private static final Map<Method, Traits> TRAITS = new java.util.concurrent.ConcurrentHashMap<>();

  /** A queue method that {@link #tryNow} may do at once. */
  enum QueueOp {
    /** Not one. */
    NONE,
    /** {@code take()}, {@code get()}. */
    GET,
    /** {@code poll(long, TimeUnit)}. */
    TIMED_POLL,
    /** {@code get(Duration)}. */
    TIMED_GET,
    /** {@code put(E)}, {@code put(E, Duration)}. */
    PUT,
    /** {@code offer(E, long, TimeUnit)}. */
    TIMED_OFFER
  }

  /**
   * What a method is.
   *
   * @param mayBlock whether it may wait (it declares {@link InterruptedException}, or is an
   *     uninterruptible wait), so it must not run on a connection's reading thread
   * @param queueOp which blocking queue method it is, if one
   */
  record Traits(boolean mayBlock, QueueOp queueOp) {
    static Traits of(Method m) {
      return TRAITS.computeIfAbsent(m, Traits::work);
    }

    private static Traits work(Method m) {
      boolean blocks = false;
      for (Class<?> thrown : m.getExceptionTypes()) {
        blocks |= thrown == InterruptedException.class;
      }
      blocks |=
          switch (m.getName()) {
            case "lock", "acquireUninterruptibly", "awaitUninterruptibly", "hold" -> true;
            default -> false;
          };
      Class<?>[] p = m.getParameterTypes();
      QueueOp op =
          !BlockingQueue.class.isAssignableFrom(m.getDeclaringClass())
              ? QueueOp.NONE
              : switch (m.getName() + "/" + p.length) {
                case "take/0", "get/0" -> QueueOp.GET;
                case "poll/2" -> p[1] == TimeUnit.class ? QueueOp.TIMED_POLL : QueueOp.NONE;
                case "get/1" -> p[0] == Duration.class ? QueueOp.TIMED_GET : QueueOp.NONE;
                case "put/1" -> QueueOp.PUT;
                case "put/2" -> p[1] == Duration.class ? QueueOp.PUT : QueueOp.NONE;
                case "offer/3" -> p[2] == TimeUnit.class ? QueueOp.TIMED_OFFER : QueueOp.NONE;
                default -> QueueOp.NONE;
              };
      return new Traits(blocks, op);
    }
  }

  /** Whether the call takes an item out of a queue: a result it returns is that item. */
  boolean takesItem() {
    return switch (traits.queueOp()) {
      case GET, TIMED_POLL, TIMED_GET -> true;
      default -> false;
    };
  }

  /**
   * Puts an item this call took back in its queue (at the tail), for a caller that will never get
   * it: its connection ended while the call waited, or the answer could not be sent. In a joinable
   * queue the item stays counted once: the put counts it again, so its first count is taken back.
   *
   * @param item what the call returned
   */
  void giveBack(Object item) {
    if (!takesItem() || !(target instanceof BlockingQueue<?> queue)) {
      return;
    }
    @SuppressWarnings("unchecked")
    BlockingQueue<Object> q = (BlockingQueue<Object>) queue;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          q.put(item);
          break;
        } catch (InterruptedException e) {
          interrupted = true; // a late cancel of this very call: the item must still go back
        }
      }
      if (q instanceof JoinableMpQueue<?> joinable) {
        joinable.taskDone();
      }
    } catch (RuntimeException closed) {
      // the queue was closed meanwhile: nobody gets anything from it any more
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the call may wait, so it must not run on a connection's reading thread. */
  boolean mayBlock() {
    return traits.mayBlock();
  }

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
    return new ManagedCall(target, m, Traits.of(m), signature);
  }

  /**
   * Runs the call.
   *
   * @return the result, as the method returned it
   * @throws Throwable what the method threw
   */
  // NullAway: the arguments of a reflective call; those it unboxes are of primitive parameters
  @SuppressWarnings("NullAway")
  @Nullable Object invoke(@Nullable Object[] args) throws Throwable {
    if (method.getName().equals("drainTo")
        && args.length >= 1
        && args[0] == null
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
      throw new IllegalArgumentException(
          "bad arguments for " + signature + ": " + e.getMessage(), e);
    }
  }

  /**
   * For a queue's blocking put or get, does it now if it need not wait, or if a get's item comes
   * within {@code waitNanos} (no longer than the get's own timeout). A timed get that found
   * nothing has {@code args} changed to the time it has left.
   *
   * @param args the call's arguments, changed in place for what is left to wait
   * @param waitNanos how long a get that found nothing may wait here, asked only then; 0 for not
   *     at all
   * @return the result, or {@link #WOULD_WAIT}
   * @throws Throwable what the queue threw
   */
  // NullAway: the arguments of a reflective call; those it unboxes are of primitive parameters
  @SuppressWarnings("NullAway")
  @Nullable Object tryNow(@Nullable Object[] args, java.util.function.LongSupplier waitNanos)
      throws Throwable {
    QueueOp op = traits.queueOp();
    if (op == QueueOp.NONE || !(target instanceof BlockingQueue<?> queue)) {
      return WOULD_WAIT;
    }
    @SuppressWarnings("unchecked")
    BlockingQueue<Object> q = (BlockingQueue<Object>) queue;
    try {
      switch (op) {
        case GET, TIMED_POLL, TIMED_GET -> {
          Object item = q.poll();
          if (item != null) {
            return item;
          }
          long timeout =
              switch (op) {
                case TIMED_POLL -> ((TimeUnit) args[1]).toNanos((Long) args[0]);
                case TIMED_GET -> ProxyArguments.nanos((Duration) args[0]);
                default -> Long.MAX_VALUE;
              };
          long wait = timeout <= 0 ? 0 : Math.min(waitNanos.getAsLong(), timeout);
          if (wait > 0) {
            item = q.poll(wait, TimeUnit.NANOSECONDS);
            if (item != null) {
              return item;
            }
          }
          if (op == QueueOp.TIMED_POLL) {
            args[0] = Math.max(0, timeout - wait);
            args[1] = TimeUnit.NANOSECONDS;
          } else if (op == QueueOp.TIMED_GET) {
            args[0] = Duration.ofNanos(Math.max(0, timeout - wait));
          }
          return WOULD_WAIT;
        }
        case PUT, TIMED_OFFER -> {
          if (args[0] == null || !q.offer(args[0])) {
            return WOULD_WAIT;
          }
          return op == QueueOp.TIMED_OFFER ? Boolean.TRUE : null;
        }
        default -> {
          return WOULD_WAIT;
        }
      }
    } catch (UnsupportedOperationException e) {
      return WOULD_WAIT;
    }
  }
}
