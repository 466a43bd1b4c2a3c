package dev.multiproc.internal.manager;

import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.ManagerOptions.Registration;
import dev.multiproc.manager.Namespace;
import dev.multiproc.spi.Primitives;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The types every manager knows, as Python's {@code SyncManager} registers them. */
final class ManagedObjects {
  /** The interfaces whose objects a call may return as proxies rather than copies. */
  static final List<Class<?>> EXPORTED =
      List.of(
          RLock.class,
          MpLock.class,
          MpCondition.class,
          BoundedSemaphore.class,
          MpSemaphore.class,
          Event.class,
          Barrier.class,
          JoinableMpQueue.class,
          MpQueue.class);

  /**
   * The interfaces whose objects behave the same whatever thread calls them: their calls run on
   * any manager thread. Calls on every other object (locks, conditions, registered types) run on
   * the calling thread's session, one manager thread per caller thread, so that what a thread
   * holds stays held by one thread.
   */
  static final Set<Class<?>> IDENTITY_FREE =
      Set.of(
          Map.class,
          List.class,
          Set.class,
          Namespace.class,
          ManagedValue.class,
          MpQueue.class,
          JoinableMpQueue.class,
          MpSemaphore.class,
          BoundedSemaphore.class,
          Event.class,
          Barrier.class);

  private ManagedObjects() {}

  /** Whether calls on an object that implements {@code api} run on the caller's session. */
  static boolean bySession(Class<?> api) {
    return !IDENTITY_FREE.contains(api);
  }

  /** The built-in types; their objects live in the manager's process. */
  static Map<String, Registration> builtIns(Primitives sync) {
    Map<String, Registration> types = new LinkedHashMap<>();
    types.put(
        "dict",
        new Registration(a -> Collections.synchronizedMap(new LinkedHashMap<>()), Map.class));
    types.put(
        "list",
        new Registration(
            a -> Collections.synchronizedList(new java.util.ArrayList<>()), List.class));
    types.put(
        "array",
        new Registration(
            a -> Collections.synchronizedList(java.util.Arrays.asList(((List<?>) a[0]).toArray())),
            List.class));
    types.put(
        "set",
        new Registration(a -> Collections.synchronizedSet(new LinkedHashSet<>()), Set.class));
    types.put("namespace", new Registration(a -> new NamespaceObject(), Namespace.class));
    types.put("value", new Registration(a -> new ValueObject<>(a[0]), ManagedValue.class));
    types.put("queue", new Registration(a -> sync.queue((Integer) a[0]), MpQueue.class));
    types.put("joinableQueue", new Registration(a -> sync.joinableQueue(0), JoinableMpQueue.class));
    types.put("lock", new Registration(a -> sync.lock(), MpLock.class));
    types.put("rLock", new Registration(a -> sync.rLock(), RLock.class));
    types.put(
        "semaphore", new Registration(a -> sync.semaphore((Integer) a[0]), MpSemaphore.class));
    types.put(
        "boundedSemaphore",
        new Registration(a -> sync.boundedSemaphore((Integer) a[0]), BoundedSemaphore.class));
    types.put("condition", new Registration(a -> sync.condition(), MpCondition.class));
    types.put(
        "conditionOver", new Registration(a -> sync.condition((MpLock) a[0]), MpCondition.class));
    types.put("event", new Registration(a -> sync.event(), Event.class));
    types.put(
        "barrier", new Registration(a -> sync.barrier((Integer) a[0], null, null), Barrier.class));
    return types;
  }

  /** A namespace's attributes, in the manager. */
  static final class NamespaceObject implements Namespace {
    private final Map<String, Object> attributes =
        Collections.synchronizedMap(new LinkedHashMap<>());

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
      synchronized (attributes) {
        if (!attributes.containsKey(name)) {
          throw new NoSuchElementException("Namespace has no attribute '" + name + "'");
        }
        return (T) attributes.get(name);
      }
    }

    @Override
    public void set(String name, @Nullable Object value) {
      attributes.put(name, value);
    }

    @Override
    public boolean delete(String name) {
      synchronized (attributes) {
        boolean had = attributes.containsKey(name);
        attributes.remove(name);
        return had;
      }
    }

    @Override
    public Map<String, Object> asMap() {
      synchronized (attributes) {
        return new LinkedHashMap<>(attributes);
      }
    }

    @Override
    public String toString() {
      return "Namespace" + asMap();
    }
  }

  /** A value, in the manager. */
  static final class ValueObject<T> implements ManagedValue<T>, Serializable {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // conditionally serializable, as a JDK collection's element
    private volatile @Nullable T value;

    @SuppressWarnings("unchecked")
    ValueObject(@Nullable Object initial) {
      this.value = (T) initial;
    }

    @Override
    public @Nullable T get() {
      return value;
    }

    @Override
    public void set(@Nullable T value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return "Value(" + value + ")";
    }
  }
}
