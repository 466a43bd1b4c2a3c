package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A cluster object as it travels to another JVM (a pool task's argument, a child process's, an
 * item of a queue): the cluster's name, the addresses of its members when it was sent, and the
 * object's {@link HzSpec}. The receiving JVM attaches through its own member or client of that
 * cluster, or through a client {@link HzAttach} connects once for the whole JVM.
 *
 * @param clusterName the cluster's name
 * @param addresses the members' {@code host:port} when the object was sent
 * @param spec what to attach to
 */
record HzRef(String clusterName, List<String> addresses, HzSpec spec) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Returns the reference that replaces an object made through {@code hz} when it is sent.
   *
   * @param hz the member or client the object was made or attached through
   * @param spec what the object is
   * @return the reference
   */
  static HzRef of(HazelcastInstance hz, HzSpec spec) {
    List<String> addresses =
        hz.getCluster().getMembers().stream()
            .map(Member::getAddress)
            .map(a -> a.getHost() + ":" + a.getPort())
            .toList();
    return new HzRef(HzAttach.clusterName(hz), addresses, spec);
  }

  @Serial
  private Object readResolve() throws ObjectStreamException {
    try {
      return spec.attach(HzAttach.instance(clusterName, addresses));
    } catch (RuntimeException e) {
      var invalid =
          new InvalidObjectException(
              "cannot attach to the cluster object "
                  + spec
                  + " of cluster '"
                  + clusterName
                  + "' at "
                  + addresses
                  + ": "
                  + e.getMessage());
      invalid.initCause(e);
      throw invalid;
    }
  }
}
