package dev.multiproc.internal.manager;

import dev.multiproc.Context;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.ipc.Listener;
import dev.multiproc.manager.ManagerException;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.manager.ManagerOptions.Registration;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The manager itself: owns the objects, listens for authenticated connections, and serves each
 * on a thread of its own, which makes every call of that connection (so a lock a client thread
 * takes is held by the one server thread that serves that client thread).
 */
public final class ManagerServer implements AutoCloseable {
  private final Listener listener;
  private final Endpoint endpoint;
  private final Map<String, Registration> types;
  private final Map<Long, Managed> objects = new ConcurrentHashMap<>();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Object, Long> idsByObject = new java.util.IdentityHashMap<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);

  private record Managed(Object object, Class<?> api) {}

  private ManagerServer(Listener listener, byte[] key, ManagerOptions options, Context sync) {
    this.listener = listener;
    this.endpoint = Endpoint.of(listener.address(), key);
    Map<String, Registration> all = ManagedObjects.builtIns(sync);
    all.putAll(options.types());
    this.types = all;
  }

  /**
   * Starts a manager in this process.
   *
   * @param address where to listen, or null for a fresh private Unix socket
   * @param key the auth key clients must have
   * @param options the registered types
   * @param sync the context whose queues and locks the manager holds
   * @return the running manager
   */
  public static ManagerServer start(@Nullable SocketAddress address, byte[] key,
      ManagerOptions options, Context sync) {
    var server = new ManagerServer(Listener.open(address, key), key, options, sync);
    Thread.ofPlatform().daemon().name("multiproc-manager-accept").start(server::acceptLoop);
    return server;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Returns where the manager listens.
   *
   * @return the address
   */
  public SocketAddress address() {
    return listener.address();
  }

  /**
   * Waits until the manager is shut down.
   *
   * @throws InterruptedException if interrupted
   */
  public void awaitShutdown() throws InterruptedException {
    done.await();
  }

  private void acceptLoop() {
    while (!stopped.get()) {
      Connection c;
      try {
        c = listener.accept();
      } catch (RuntimeException e) {
        if (stopped.get()) {
          return;
        }
        continue; // a client that failed the handshake: refused, the manager goes on
      }
      connections.add(c);
      Thread.ofPlatform().daemon().name("multiproc-manager-conn").start(() -> serve(c));
    }
  }

  private void serve(Connection c) {
    try {
      while (!stopped.get()) {
        Object request;
        try {
          request = Requests.fromWire(c.recv());
        } catch (ConnectionClosedException e) {
          return;
        } catch (RuntimeException e) {
          c.send(Requests.toWire(new Requests.Raised(e))); // a request that could not be decoded
          continue;
        }
        if (request instanceof Requests.Shutdown) {
          c.send(Requests.toWire(new Requests.Returned(null)));
          close();
          return;
        }
        Object answer = answer(request);
        try {
          c.send(Requests.toWire(answer));
        } catch (IllegalArgumentException unencodable) {
          c.send(Requests.toWire(new Requests.Raised(new ManagerException(
              "the manager's answer cannot be sent back: " + unencodable.getMessage(), null))));
        }
      }
    } catch (RuntimeException e) {
      // the client went away mid-answer
    } finally {
      connections.remove(c);
      c.close();
    }
  }

  private Object answer(Object request) {
    try {
      return new Requests.Returned(switch (request) {
        case Requests.Create create -> create(create);
        case Requests.Call call -> call(call);
        case Requests.Ping ping -> "pong";
        default -> throw new ManagerException("unknown request " + request, null);
      });
    } catch (InvocationTargetException e) {
      return new Requests.Raised(e.getCause());
    } catch (Throwable t) {
      return new Requests.Raised(t);
    }
  }

  private long create(Requests.Create create) throws Exception {
    Registration type = types.get(create.typeId());
    if (type == null) {
      throw new ManagerException("no type '" + create.typeId() + "' is registered with this"
          + " manager; registered: " + types.keySet(), null);
    }
    Object[] args = create.args() == null ? new Object[0] : resolve(create.args());
    Object made = type.factory().create(args);
    if (!type.api().isInstance(made)) {
      throw new ManagerException("the factory of '" + create.typeId() + "' made a "
          + made.getClass().getName() + ", which does not implement " + type.api().getName(),
          null);
    }
    return register(made, type.api());
  }

  private long register(Object object, Class<?> api) {
    synchronized (idsByObject) { // an object returned twice (a condition's lock) keeps its id
      Long known = idsByObject.get(object);
      if (known != null) {
        return known;
      }
      long id = ids.incrementAndGet();
      objects.put(id, new Managed(object, api));
      idsByObject.put(object, id);
      return id;
    }
  }

  private @Nullable Object call(Requests.Call call) throws Exception {
    Managed target = objects.get(call.id());
    if (target == null) {
      throw new ManagerException("the manager has no object " + call.id(), null);
    }
    Method m = Signatures.methods(target.api()).get(call.signature());
    if (m == null) {
      m = Signatures.methods(Object.class).get(call.signature()); // toString, hashCode, equals
    }
    if (m == null) {
      throw new ManagerException(target.api().getName() + " has no method " + call.signature(),
          null);
    }
    // arguments stay as they came: a proxy stored in a map must stay a proxy
    Object result = m.invoke(target.object(), call.args());
    return exportable(result);
  }

  /** What a call's result becomes on the wire: a proxy for a managed kind, a copy of a view. */
  private @Nullable Object exportable(@Nullable Object result) {
    if (result == null || isProxy(result)) {
      return result; // a proxy stored in a managed object (a list in a dict) stays a proxy
    }
    for (Class<?> api : ManagedObjects.EXPORTED) {
      if (api.isInstance(result)) {
        return new ProxyHandler.Exported(register(result, api), api);
      }
    }
    if (result instanceof java.io.Serializable && !(result instanceof Collection<?>)) {
      return result;
    }
    return switch (result) {
      case Map.Entry<?, ?> e -> new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
      case Set<?> s -> copy(s, new LinkedHashSet<>());
      case Collection<?> c -> copy(c, new ArrayList<>());
      case Iterator<?> it -> {
        List<Object> rest = new ArrayList<>();
        it.forEachRemaining(rest::add);
        yield rest;
      }
      case Map<?, ?> map -> new LinkedHashMap<>(map);
      default -> result;
    };
  }

  /**
   * A factory's arguments that are proxies of this manager's own objects become the objects
   * themselves (a condition over a lock of the manager).
   */
  private Object[] resolve(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] != null && isProxy(out[i])
          && java.lang.reflect.Proxy.getInvocationHandler(out[i]) instanceof ProxyHandler h
          && h.endpoint().equals(endpoint)) {
        Managed mine = objects.get(h.id());
        if (mine != null) {
          out[i] = mine.object();
        }
      }
    }
    return out;
  }

  private static boolean isProxy(Object o) {
    return java.lang.reflect.Proxy.isProxyClass(o.getClass())
        && java.lang.reflect.Proxy.getInvocationHandler(o) instanceof ProxyHandler;
  }

  private static <C extends Collection<Object>> C copy(Collection<?> from, C to) {
    // toArray, not iteration: a synchronized collection's toArray holds its lock
    for (Object o : from.toArray()) {
      to.add(o instanceof Map.Entry<?, ?> e
          ? new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue())
          : o);
    }
    return to;
  }

  /** Stops listening, ends every connection and closes the objects. Idempotent. */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    listener.close();
    for (Connection c : connections) {
      c.close();
    }
    for (Managed m : objects.values()) {
      if (m.object() instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // best effort at shutdown
        }
      }
    }
    objects.clear();
    synchronized (idsByObject) {
      idsByObject.clear();
    }
    done.countDown();
  }
}
