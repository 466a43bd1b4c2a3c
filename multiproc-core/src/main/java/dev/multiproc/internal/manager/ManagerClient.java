package dev.multiproc.internal.manager;

import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.Manager;
import dev.multiproc.manager.ManagerException;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.manager.Namespace;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.spi.Primitives;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A handle on a manager: makes its objects and proxies to them, and shuts it down if it started
 * it (a server process, or a server in this JVM).
 */
public final class ManagerClient implements Manager {
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);
  private final Endpoint endpoint;
  private final @Nullable ChildProcess serverProcess;
  private final @Nullable ManagerServer localServer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ManagerClient(
      Endpoint endpoint,
      @Nullable ChildProcess serverProcess,
      @Nullable ManagerServer localServer) {
    this.endpoint = endpoint;
    this.serverProcess = serverProcess;
    this.localServer = localServer;
  }

  /**
   * Starts a manager in a child process of {@code ctx}. Python: {@code Manager()}.
   *
   * @param ctx the context that starts the process (its queues and locks are the manager's)
   * @param options the registered types
   * @return the handle, which shuts the manager down when closed
   */
  public static ManagerClient start(Primitives ctx, ManagerOptions options) {
    byte[] key = newKey();
    try (Pipe reply = ctx.pipe(false)) {
      ChildProcess server =
          ctx.process(ManagerProcess::serve, new ManagerProcess.Spec(key, options), reply.conn2())
              .name("Manager")
              .daemon(true)
              .start();
      Object address;
      try {
        address = reply.conn1().recv();
      } catch (RuntimeException e) {
        server.kill();
        throw new ManagerException("the manager process did not start: " + e.getMessage(), e);
      }
      return new ManagerClient(
          new Endpoint(
              (String) java.util.Objects.requireNonNull(address),
              key,
              options.callTimeout().toMillis()),
          server,
          null);
    }
  }

  /**
   * Starts a manager in this JVM, listening at {@code address}.
   *
   * @param address where, or null for a private Unix socket
   * @param key the auth key
   * @param options the registered types
   * @param sync the context of its queues and locks
   * @return the handle, which shuts the manager down when closed
   */
  public static ManagerClient serve(
      @Nullable SocketAddress address, byte[] key, ManagerOptions options, Primitives sync) {
    ManagerServer server = ManagerServer.start(address, key, options, sync);
    return new ManagerClient(server.endpoint(), null, server);
  }

  /**
   * Connects to a running manager.
   *
   * @param address where it listens
   * @param key its auth key
   * @return the handle, which only disconnects when closed
   */
  public static ManagerClient connect(SocketAddress address, byte[] key) {
    var client =
        new ManagerClient(
            Endpoint.of(address, key, ManagerOptions.defaultCallTimeout()), null, null);
    try {
      ClientPool.of(client.endpoint).control(Requests.PING, "connect");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new ManagerException("the manager at " + address + " did not answer: " + t, t);
    }
    return client;
  }

  /**
   * Returns a fresh random auth key.
   *
   * @return 32 random bytes
   */
  public static byte[] newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private <T> T make(String typeId, Class<T> api, @Nullable Object... args) {
    checkOpen();
    Object id;
    try {
      id = ClientPool.of(endpoint).create(typeId, args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new ManagerException("the manager could not make a " + typeId + ": " + t, t);
    }
    return ProxyHandler.proxy(endpoint, (Long) id, api);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new ManagerException("this manager handle (" + endpoint + ") is closed", null);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Map<K, V> dict() {
    return make("dict", Map.class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <E> List<E> list() {
    return make("list", List.class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <E> Set<E> set() {
    return make("set", Set.class);
  }

  @Override
  public Namespace namespace() {
    return make("namespace", Namespace.class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> ManagedValue<T> value(@Nullable T initial) {
    return make("value", ManagedValue.class, initial);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> array(List<? extends T> values) {
    return make("array", List.class, new java.util.ArrayList<>(values));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <E> MpQueue<E> queue(int maxsize) {
    return make("queue", MpQueue.class, maxsize);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <E> JoinableMpQueue<E> joinableQueue() {
    return make("joinableQueue", JoinableMpQueue.class);
  }

  @Override
  public MpLock lock() {
    return make("lock", MpLock.class);
  }

  @Override
  public RLock rLock() {
    return make("rLock", RLock.class);
  }

  @Override
  public MpSemaphore semaphore(int value) {
    return make("semaphore", MpSemaphore.class, value);
  }

  @Override
  public BoundedSemaphore boundedSemaphore(int value) {
    return make("boundedSemaphore", BoundedSemaphore.class, value);
  }

  @Override
  public MpCondition condition() {
    return make("condition", MpCondition.class);
  }

  @Override
  public MpCondition condition(MpLock lock) {
    return make("conditionOver", MpCondition.class, lock);
  }

  @Override
  public Event event() {
    return make("event", Event.class);
  }

  @Override
  public Barrier barrier(int parties) {
    return make("barrier", Barrier.class, parties);
  }

  @Override
  public <T> T create(String typeId, Class<T> api, Object... args) {
    return make(typeId, api, args);
  }

  @Override
  public SocketAddress address() {
    return endpoint.socketAddress();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (serverProcess != null) {
      // a frozen manager would hold this for its whole call timeout: ask, wait a little, kill
      Thread ask =
          Thread.ofVirtual()
              .name("multiproc-manager-shutdown")
              .start(
                  () -> {
                    try {
                      ClientPool.of(endpoint).control(Requests.SHUTDOWN, "shutdown");
                    } catch (Throwable t) {
                      // already gone, or frozen: the process is killed below
                    }
                  });
      try {
        if (!ask.join(STOP_WAIT) || !serverProcess.join(STOP_WAIT)) {
          serverProcess.kill();
          serverProcess.join(STOP_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        serverProcess.kill();
      }
      serverProcess.close();
    } else if (localServer != null) {
      localServer.close();
    }
    endpoint.disconnect(); // also ends a shutdown request still waiting
  }

  /**
   * Returns what the manager is using now: connections, client processes, sessions, calls that
   * wait and the threads running them, objects. For tests and diagnostics.
   *
   * @return counts by name
   * @throws ManagerException if the manager cannot be reached
   */
  @SuppressWarnings("unchecked")
  public Map<String, Integer> stats() {
    try {
      return (Map<String, Integer>)
          java.util.Objects.requireNonNull(
              ClientPool.of(endpoint).control(Requests.STATS, "stats"));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new ManagerException("the manager at " + endpoint + " did not answer: " + t, t);
    }
  }

  @Override
  public String toString() {
    return "Manager[" + endpoint + "]";
  }
}
