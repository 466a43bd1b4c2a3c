package dev.multiproc.internal.manager;

import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.Listener;
import dev.multiproc.manager.ManagerException;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.manager.ManagerOptions.Registration;
import dev.multiproc.spi.Primitives;
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
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The manager itself: owns the objects, accepts authenticated connections (a few per client
 * process, each shared by that process's threads) and answers calls.
 *
 * <pre>
 *   accept thread ──► one reading thread per connection (see ServerConnection)
 *                        ├─► calls that cannot wait: run on the reading thread
 *                        ├─► calls that may wait: a pool of call threads (ended 2 s after use)
 *                        └─► calls on locks, conditions, registered types: the caller thread's
 *                            session (one thread per live caller thread that used one)
 * </pre>
 *
 * <p>Threads: the manager's threads follow what its clients do now, not what they did: a
 * connection's thread lives as long as the connection, a call thread at most 2 s past its last
 * call, a session as long as its caller thread (its process tells when it ended) or the last
 * connection of that process. So callers that come and go leave nothing behind.
 */
public final class ManagerServer implements AutoCloseable {
  private static final long CALL_THREAD_KEEP_ALIVE_SECONDS = 2;

  private final Listener listener;
  private final Endpoint endpoint;
  private final Map<String, Registration> types;
  private final Map<Long, Managed> objects = new ConcurrentHashMap<>();
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();

  /** Open connections per client process. */
  private final Map<Long, AtomicInteger> clients = new ConcurrentHashMap<>();

  private final Map<SessionKey, ServerSession> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger sessionThreads = new AtomicInteger();
  private final ThreadPoolExecutor callThreads;
  private final AtomicLong ids = new AtomicLong();
  private final java.util.IdentityHashMap<Object, Long> idsByObject =
      new java.util.IdentityHashMap<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);

  /**
   * An object of the manager.
   *
   * @param object the object
   * @param api the interface proxies to it implement
   * @param bySession whether its calls run on the caller thread's session
   */
  record Managed(Object object, Class<?> api, boolean bySession) {}

  private record SessionKey(long client, long session) {}

  private ManagerServer(Listener listener, byte[] key, ManagerOptions options, Primitives sync) {
    this.listener = listener;
    this.endpoint = Endpoint.of(listener.address(), key, options.callTimeout());
    Map<String, Registration> all = ManagedObjects.builtIns(sync);
    all.putAll(options.types());
    this.types = all;
    AtomicLong threadNumber = new AtomicLong();
    this.callThreads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            CALL_THREAD_KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r ->
                Thread.ofPlatform()
                    .daemon()
                    .name("multiproc-manager-call-" + threadNumber.incrementAndGet())
                    .unstarted(r));
  }

  /**
   * Starts a manager in this process.
   *
   * @param address where to listen, or null for a fresh private Unix socket
   * @param key the auth key clients must have
   * @param options the registered types and the proxies' call timeout
   * @param sync the context whose queues and locks the manager holds
   * @return the running manager
   */
  public static ManagerServer start(
      @Nullable SocketAddress address, byte[] key, ManagerOptions options, Primitives sync) {
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
      ServerConnection connection = new ServerConnection(this, c);
      connections.add(connection);
      if (stopped.get()) {
        connection.close();
      }
      Thread.ofPlatform().daemon().name("multiproc-manager-conn").start(connection);
    }
  }

  /* --------------- clients and sessions --------------- */

  /** A connection said which client process it belongs to. */
  void attached(ServerConnection c) {
    clients.computeIfAbsent(c.clientId(), k -> new AtomicInteger()).incrementAndGet();
  }

  /** A connection ended: a client process with none left has no sessions any more. */
  void disconnected(ServerConnection c) {
    connections.remove(c);
    AtomicInteger open = clients.get(c.clientId());
    boolean last = open == null || open.decrementAndGet() <= 0;
    if (last) {
      clients.remove(c.clientId());
      sessions
          .entrySet()
          .removeIf(
              e -> {
                if (e.getKey().client() == c.clientId()) {
                  e.getValue().end();
                  return true;
                }
                return false;
              });
    }
  }

  /** The session of a client thread, made on its first call. */
  ServerSession session(long client, long session) {
    return sessions.computeIfAbsent(
        new SessionKey(client, session),
        k -> new ServerSession("multiproc-manager-session-" + session, sessionThreads));
  }

  /** Client threads that ended: their sessions end. */
  void endSessions(long client, List<Long> ended) {
    for (long s : ended) {
      ServerSession gone = sessions.remove(new SessionKey(client, s));
      if (gone != null) {
        gone.end();
      }
    }
  }

  /** Runs a call that may wait on a call thread. */
  void runWaiting(ServerCall call) {
    try {
      callThreads.execute(call);
    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
      call.cancel();
      call.run(); // answers that it was cancelled
    }
  }

  /** What the manager is using now, for tests and diagnostics. */
  Map<String, Integer> stats() {
    int waiting = 0;
    for (ServerConnection c : connections) {
      waiting += c.running();
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put("connections", connections.size());
    out.put("clients", clients.size());
    out.put("sessions", sessions.size());
    out.put("sessionThreads", sessionThreads.get());
    out.put("waitingCalls", waiting);
    out.put("callThreads", callThreads.getPoolSize());
    out.put("objects", objects.size());
    return out;
  }

  /* --------------- objects --------------- */

  Managed object(long id) {
    Managed target = objects.get(id);
    if (target == null) {
      throw new ManagerException("the manager has no object " + id, null);
    }
    return target;
  }

  // NullAway: the arguments of a reflective call; those it unboxes are of primitive parameters
  @SuppressWarnings("NullAway")
  long create(String typeId, @Nullable Object[] args) throws Exception {
    Registration type = types.get(typeId);
    if (type == null) {
      throw new ManagerException(
          "no type '"
              + typeId
              + "' is registered with this"
              + " manager; registered: "
              + types.keySet(),
          null);
    }
    Object made = type.factory().create(resolve(args));
    if (!type.api().isInstance(made)) {
      throw new ManagerException(
          "the factory of '"
              + typeId
              + "' made a "
              + made.getClass().getName()
              + ", which does not implement "
              + type.api().getName(),
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
      objects.put(id, new Managed(object, api, ManagedObjects.bySession(api)));
      idsByObject.put(object, id);
      return id;
    }
  }

  /** What a call's result becomes on the wire: a proxy for a managed kind, a copy of a view. */
  @Nullable Object exportable(@Nullable Object result) {
    if (result == null || isProxy(result)) {
      return result; // a proxy stored in a managed object (a list in a dict) stays a proxy
    }
    for (Class<?> api : ManagedObjects.EXPORTED) {
      if (api.isInstance(result)) {
        return new ProxyHandler.Exported(register(result, api), api);
      }
    }
    if (result instanceof Object[] array) {
      Object[] out = array.clone();
      for (int i = 0; i < out.length; i++) {
        if (out[i] instanceof Map.Entry<?, ?> e) {
          out[i] = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
        }
      }
      return out;
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
  private @Nullable Object[] resolve(@Nullable Object[] args) {
    @Nullable Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] != null
          && isProxy(out[i])
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
      to.add(
          o instanceof Map.Entry<?, ?> e
              ? new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue())
              : o);
    }
    return to;
  }

  /** Stops listening, ends every connection, session and call, and closes the objects. */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    listener.close();
    for (ServerConnection c : connections) {
      c.close();
    }
    callThreads.shutdownNow();
    for (ServerSession s : sessions.values()) {
      s.kill();
    }
    sessions.clear();
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
