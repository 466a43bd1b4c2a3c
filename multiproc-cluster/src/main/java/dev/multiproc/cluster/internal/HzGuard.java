package dev.multiproc.cluster.internal;

import com.hazelcast.collection.IList;
import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ISet;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.cluster.ObjectLostException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * The Hazelcast structures of the library's objects, each behind a check that its object was not
 * destroyed because its maker lost its lease ({@link HzLeases#check}): Hazelcast would make a
 * destroyed structure again, empty, on its next use, and a caller would carry on with it
 * unaware. A lost object's every call throws {@link dev.multiproc.cluster.ObjectLostException}
 * instead, except for its name and {@code destroy}.
 */
final class HzGuard {
  /** Calls that touch nothing in the cluster, or that are harmless on a lost object. */
  private static final Set<String> UNGUARDED =
      Set.of(
          "getName",
          "getServiceName",
          "getPartitionKey",
          "destroy",
          "hashCode",
          "equals",
          "toString");

  private HzGuard() {}

  static <K, V> IMap<K, V> map(HazelcastInstance hz, String name) {
    return guard(IMap.class, hz.getMap(name), name);
  }

  static <E> IQueue<E> queue(HazelcastInstance hz, String name) {
    return guard(IQueue.class, hz.getQueue(name), name);
  }

  static <E> IList<E> list(HazelcastInstance hz, String name) {
    return guard(IList.class, hz.getList(name), name);
  }

  static <E> ISet<E> set(HazelcastInstance hz, String name) {
    return guard(ISet.class, hz.getSet(name), name);
  }

  /** Hazelcast's exceptions that say the cluster could not be reached. */
  private static final Set<String> CUT =
      Set.of(
          "com.hazelcast.core.OperationTimeoutException",
          "com.hazelcast.spi.exception.TargetDisconnectedException",
          "com.hazelcast.spi.exception.TargetNotMemberException",
          "com.hazelcast.client.HazelcastClientOfflineException",
          "com.hazelcast.core.MemberLeftException");

  /**
   * Turns Hazelcast's word that the cluster could not be reached into the library's {@link
   * ClusterUnreachableException}; anything else goes on as it is.
   */
  static Throwable unreachable(Throwable t, String name, String call) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (CUT.contains(c.getClass().getName())) {
        return new ClusterUnreachableException(
            "the cluster could not be reached for " + call + " on " + name + ": " + c.getMessage(),
            t);
      }
    }
    return t;
  }

  /**
   * The check of a guarded call when it needs no cluster call ({@link HzLeases#confirmed}), for a
   * call that reaches the structure another way: throws as a guarded call would.
   *
   * @param name the object's name in the cluster
   * @param structure its structure, guarded or not
   * @throws ObjectLostException if it was destroyed because its maker lost its lease
   */
  static void checkLost(String name, DistributedObject structure) {
    try {
      HzLeases.checkLost(name);
    } catch (ObjectLostException e) {
      throw destroyAgain(e, structure);
    }
  }

  /** This client may have made a lost structure again, empty, when it reconnected: remove that. */
  private static ObjectLostException destroyAgain(ObjectLostException e, DistributedObject target) {
    try {
      target.destroy();
    } catch (RuntimeException again) {
      e.addSuppressed(again);
    }
    return e;
  }

  @SuppressWarnings("unchecked")
  private static <T> T guard(Class<?> type, Object target, String name) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (!UNGUARDED.contains(method.getName())) {
                try {
                  HzLeases.check(name);
                } catch (ObjectLostException e) {
                  throw destroyAgain(e, (DistributedObject) target);
                }
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw unreachable(
                    java.util.Objects.requireNonNull(e.getCause()), name, method.getName());
              }
            });
  }
}
