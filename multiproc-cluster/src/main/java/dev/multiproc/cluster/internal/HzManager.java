package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.Manager;
import dev.multiproc.manager.ManagerException;
import dev.multiproc.manager.Namespace;
import dev.multiproc.spi.Primitives;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A manager on the cluster: no server process, the cluster is the server. Its collections are
 * Hazelcast structures ({@code dict()} an {@code IMap}, {@code list()} and {@code array()} an
 * {@code IList}, {@code set()} an {@code ISet}, {@code namespace()} and {@code value()} an {@code
 * IMap}); its queues and synchronization objects are the cluster context's. {@link #close()}
 * destroys every object it made, as shutting down a manager's server ends them.
 */
public final class HzManager implements Manager {
  private final HazelcastInstance hz;
  private final Primitives cluster;
  private final List<AutoCloseable> made = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private volatile boolean closed;

  /**
   * Creates the manager.
   *
   * @param hz the context's member or client
   * @param cluster the cluster context, which makes the queues and synchronization objects
   */
  public HzManager(HazelcastInstance hz, Primitives cluster) {
    this.hz = hz;
    this.cluster = cluster;
  }

  private void checkOpen(String call) {
    if (closed) {
      throw new ManagerException("the cluster manager is shut down: " + call + " refused", null);
    }
  }

  private synchronized String named(String kind, String call) {
    checkOpen(call);
    String name = HzNames.unique(hz, kind);
    names.add(name);
    return name;
  }

  private synchronized <T extends AutoCloseable> T made(T object) {
    made.add(object);
    return object;
  }

  @Override
  public <K, V> Map<K, V> dict() {
    return new HzDict<>(hz, named("dict", "dict()"));
  }

  @Override
  public <E> List<E> list() {
    return new HzList<>(hz, named("list", "list()"), false);
  }

  @Override
  public <E> Set<E> set() {
    return new HzSet<>(hz, named("set", "set()"));
  }

  @Override
  public Namespace namespace() {
    return new HzNamespace(hz, named("namespace", "namespace()"), false);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> ManagedValue<T> value(@Nullable T initial) {
    var value = new HzNamespace(hz, named("value", "value()"), true);
    value.set(initial);
    return (ManagedValue<T>) (ManagedValue<?>) value;
  }

  @Override
  public <T> List<T> array(List<? extends T> values) {
    HzList<T> array = new HzList<>(hz, named("array", "array()"), false);
    array.addAll(values);
    return new HzList<>(hz, array.name(), true);
  }

  @Override
  public <E> MpQueue<E> queue(int maxsize) {
    checkOpen("queue()");
    return made(cluster.queue(maxsize));
  }

  @Override
  public <E> JoinableMpQueue<E> joinableQueue() {
    checkOpen("joinableQueue()");
    return made(cluster.joinableQueue(0));
  }

  @Override
  public MpLock lock() {
    checkOpen("lock()");
    return made(cluster.lock());
  }

  @Override
  public RLock rLock() {
    checkOpen("rLock()");
    return made(cluster.rLock());
  }

  @Override
  public MpSemaphore semaphore(int value) {
    checkOpen("semaphore()");
    return made(cluster.semaphore(value));
  }

  @Override
  public BoundedSemaphore boundedSemaphore(int value) {
    checkOpen("boundedSemaphore()");
    return made(cluster.boundedSemaphore(value));
  }

  @Override
  public MpCondition condition() {
    checkOpen("condition()");
    return made(cluster.condition());
  }

  @Override
  public MpCondition condition(MpLock lock) {
    checkOpen("condition()");
    return made(cluster.condition(lock));
  }

  @Override
  public Event event() {
    checkOpen("event()");
    return made(cluster.event());
  }

  @Override
  public Barrier barrier(int parties) {
    checkOpen("barrier()");
    return made(cluster.barrier(parties, null, null));
  }

  /**
   * Refused: a registered type's object lives in one manager process, and the cluster has none.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public <T> T create(String typeId, Class<T> api, Object... args) {
    throw new UnsupportedOperationException(
        "custom manager types ('"
            + typeId
            + "') are not on the cluster: their objects live in one manager process; use"
            + " Multiprocessing.local().manager(options) or Managers.serve for them");
  }

  /** The address of a member of the cluster. */
  @Override
  public SocketAddress address() {
    Address a = hz.getCluster().getMembers().iterator().next().getAddress();
    return InetSocketAddress.createUnresolved(a.getHost(), a.getPort());
  }

  /** Destroys every object this manager made in the cluster. Idempotent. */
  @Override
  public void close() {
    List<AutoCloseable> objects;
    List<String> collections;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      objects = List.copyOf(made);
      collections = List.copyOf(names);
    }
    for (AutoCloseable o : objects) {
      try {
        o.close();
      } catch (Exception e) {
        // the cluster is going away: what is left goes with it
      }
    }
    for (DistributedObject o : hz.getDistributedObjects()) {
      if (collections.contains(o.getName())) {
        o.destroy();
      }
    }
  }

  @Override
  public String toString() {
    return "Manager[cluster" + (closed ? ", shut down" : "") + "]";
  }
}
