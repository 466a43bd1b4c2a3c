package dev.multiproc.internal.manager;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.net.SocketClient;
import dev.multiproc.ipc.AuthenticationException;
import dev.multiproc.ipc.Connection;
import dev.multiproc.manager.ManagerException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * This process's connections to one manager: a few sockets that all its threads share (see
 * {@link ClientConnection}), and the sessions that give a caller thread one thread in the manager.
 *
 * <p>Connections: a call takes an idle connection if there is one, opens another while there are
 * fewer than {@link #MAX_CONNECTIONS}, else shares the least busy one. A process therefore holds
 * at most that many sockets to a manager, whatever its number of threads, and a flood of
 * first calls opens no more.
 *
 * <p>Sessions: a thread that calls an object whose behaviour depends on the calling thread (a
 * lock, a condition, a registered type) gets a session id; the manager runs all calls of that
 * session on one thread of its own. When the thread ends, {@link CallerThreads} tells the manager,
 * which ends the session and its thread. A manager also ends all sessions of a process whose last
 * connection closes (the process died, or closed its handle).
 */
final class ClientPool {
  /** The most sockets a process opens to one manager. */
  static final int MAX_CONNECTIONS =
      Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

  private static final Map<String, ClientPool> POOLS = new ConcurrentHashMap<>();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SESSIONS = new AtomicLong();

  private final Endpoint endpoint;
  private final long clientId;
  private final CopyOnWriteArrayList<ClientConnection> connections = new CopyOnWriteArrayList<>();
  private final ReentrantLock opening = new ReentrantLock();
  private final AtomicLong ids = new AtomicLong();
  private final ThreadLocal<@Nullable Long> session = new ThreadLocal<>();

  /** Live sessions of this process's threads: session id to its thread. */
  final Map<Long, java.lang.ref.WeakReference<Thread>> sessions = new ConcurrentHashMap<>();

  private ClientPool(Endpoint endpoint) {
    this.endpoint = endpoint;
    long id;
    do {
      id = RANDOM.nextLong();
    } while (id == 0);
    this.clientId = id;
  }

  /** The pool of {@code endpoint} in this process. */
  static ClientPool of(Endpoint endpoint) {
    String key = endpoint.poolKey();
    ClientPool pool = POOLS.get(key);
    return pool != null ? pool : POOLS.computeIfAbsent(key, k -> new ClientPool(endpoint));
  }

  /** Closes this process's connections to {@code endpoint}; later calls open new ones. */
  static void disconnect(Endpoint endpoint) {
    ClientPool pool = POOLS.remove(endpoint.poolKey());
    if (pool != null) {
      pool.connections.forEach(ClientConnection::close);
      pool.connections.clear();
      pool.sessions.clear();
    }
  }

  /** Every pool of this process. */
  static Iterable<ClientPool> all() {
    return POOLS.values();
  }

  /* --------------- calls --------------- */

  /**
   * Calls a method of a managed object.
   *
   * @param object the object's id in the manager
   * @param signature the method (see {@link Signatures}), possibly on a view
   * @param args the arguments, ready to send
   * @param bySession whether the call must run on this thread's session in the manager
   * @param interruptible whether an interrupt cancels it ({@link InterruptedException})
   * @param what the call, for messages
   * @return the result
   * @throws Throwable what the method threw, or {@link ManagerException}
   */
  @Nullable Object invoke(
      long object,
      String signature,
      @Nullable Object @Nullable [] args,
      boolean bySession,
      boolean interruptible,
      String what)
      throws Throwable {
    byte[] encoded;
    try {
      encoded = Requests.encodeArgs(args);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot send " + what + " to the manager at " + endpoint.where() + ": " + e.getMessage(),
          e);
    }
    long sessionId = bySession ? sessionOfThisThread() : 0;
    return exchange(
        id -> Requests.call(id, object, signature, sessionId, encoded), interruptible, what);
  }

  /** Makes an object of a registered type; returns its id. */
  long create(String typeId, @Nullable Object @Nullable [] args) throws Throwable {
    byte[] encoded;
    try {
      encoded = Requests.encodeArgs(args);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot send the arguments of a "
              + typeId
              + " to the manager at "
              + endpoint.where()
              + ": "
              + e.getMessage(),
          e);
    }
    return (Long)
        java.util.Objects.requireNonNull(
            exchange(id -> Requests.create(id, typeId, encoded), false, "create " + typeId));
  }

  /** Sends a control request ({@link Requests#PING}, {@code SHUTDOWN}, {@code STATS}). */
  @Nullable Object control(int kind, String what) throws Throwable {
    return exchange(id -> Requests.control(kind, id), false, what);
  }

  private @Nullable Object exchange(
      LongFunction<List<Object>> request, boolean interruptible, String what) throws Throwable {
    boolean interrupted;
    if (interruptible) {
      if (Thread.interrupted()) {
        throw new InterruptedException(); // as the JDK's blocking methods do, before waiting
      }
      interrupted = false;
    } else {
      interrupted = Thread.interrupted(); // kept aside: this call is not interruptible
    }
    ClientConnection.Call call;
    try {
      ClientConnection connection = connection(what);
      long id = ids.incrementAndGet();
      call = connection.call(id, request.apply(id), interruptible);
    } catch (RuntimeException | Error e) {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    interrupted |= call.interrupted;
    Object answer = call.answer;
    if (answer instanceof ClientConnection.Lost lost) {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw lost.timedOut() ? timedOut(what, lost.cause()) : gone(what, lost.cause());
    }
    List<?> wire = (List<?>) java.util.Objects.requireNonNull(answer);
    Object value;
    try {
      value = Requests.decode(Requests.field(wire, 2, byte[].class));
    } catch (RuntimeException e) {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "cannot decode the answer of the manager at "
              + endpoint.where()
              + " to "
              + what
              + ": "
              + e.getMessage(),
          e);
    }
    if (Requests.kind(wire) == Requests.RAISED) {
      if (value instanceof InterruptedException ie && interruptible && interrupted) {
        throw ie; // the interrupt is consumed, as the JDK's are
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw value instanceof Throwable t
          ? t
          : new ManagerException(
              "a malformed answer from the manager at " + endpoint.where(), null);
    }
    if (interrupted) {
      Thread.currentThread().interrupt(); // the call finished before the interrupt counted
    }
    return value;
  }

  private ManagerException gone(String what, @Nullable Throwable cause) {
    return new ManagerException(
        "the manager at "
            + endpoint.where()
            + " is gone (shut down, or"
            + " its process died): "
            + what
            + " failed",
        cause);
  }

  private ManagerException timedOut(String what, @Nullable Throwable cause) {
    return new ManagerException(
        "the manager at "
            + endpoint.where()
            + " did not answer within "
            + endpoint.callTimeout().toMillis()
            + " ms (its call timeout: ManagerOptions"
            + ".withCallTimeout, or -D"
            + dev.multiproc.manager.ManagerOptions.CALL_TIMEOUT_PROPERTY
            + "); is it frozen or overloaded? "
            + what
            + " failed; whether it took effect is unknown",
        cause);
  }

  /* --------------- connections --------------- */

  /** An idle connection, a new one while there are few, else the least busy. */
  private ClientConnection connection(String what) {
    ClientConnection best = leastBusy();
    if (best != null && (best.load() == 0 || connections.size() >= MAX_CONNECTIONS)) {
      return best;
    }
    opening.lock();
    try {
      best = leastBusy();
      if (best != null && (best.load() == 0 || connections.size() >= MAX_CONNECTIONS)) {
        return best;
      }
      ClientConnection made = open(what);
      connections.add(made);
      return made;
    } finally {
      opening.unlock();
    }
  }

  private @Nullable ClientConnection leastBusy() {
    ClientConnection best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (ClientConnection c : connections) {
      if (!c.usable()) {
        connections.remove(c);
        continue;
      }
      int load = c.load();
      if (load == 0) {
        return c;
      }
      if (load < bestLoad) {
        best = c;
        bestLoad = load;
      }
    }
    return best;
  }

  private ClientConnection open(String what) {
    boolean interrupted = Thread.interrupted(); // connecting is not interruptible
    try {
      Connection socket =
          SocketClient.connect(
              endpoint.socketAddress(),
              endpoint.key(),
              ClassFilter.defaults(),
              endpoint.callTimeout());
      var made =
          new ClientConnection(
              socket, endpoint.where(), endpoint.callTimeout(), ids::incrementAndGet);
      made.tell(Requests.hello(clientId));
      return made;
    } catch (AuthenticationException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw timedOut(what, e);
      }
      throw e;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof SocketTimeoutException) {
        throw timedOut(what, e);
      }
      throw gone(what, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sends the ids of sessions whose threads ended; a failure only loses the news. */
  void tellEnded(List<Long> ended) {
    for (ClientConnection c : connections) {
      if (c.usable()) {
        c.tell(Requests.ended(ended));
        return;
      }
    }
  }

  /* --------------- sessions --------------- */

  private long sessionOfThisThread() {
    Long mine = session.get();
    if (mine == null) {
      mine = SESSIONS.incrementAndGet();
      session.set(mine);
      sessions.put(mine, new java.lang.ref.WeakReference<>(Thread.currentThread()));
      CallerThreads.watch();
    }
    return mine;
  }

  /** Forgets sessions whose threads ended and tells the manager. */
  void sweep() {
    List<Long> ended = new ArrayList<>();
    for (var e : sessions.entrySet()) {
      Thread t = e.getValue().get();
      if (t == null || !t.isAlive()) {
        ended.add(e.getKey());
      }
    }
    if (!ended.isEmpty()) {
      ended.forEach(sessions::remove);
      tellEnded(ended);
    }
  }

  @Override
  public String toString() {
    return "ClientPool["
        + endpoint.where()
        + ", "
        + connections.size()
        + " connections, "
        + sessions.size()
        + " sessions]";
  }
}
