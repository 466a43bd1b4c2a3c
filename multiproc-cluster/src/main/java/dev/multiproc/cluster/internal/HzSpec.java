package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import java.io.Serializable;

/**
 * What a cluster object is, without its cluster: its kind, name and settings, enough to attach a
 * copy in another JVM. Each kind of object has its own small record.
 */
interface HzSpec extends Serializable {
  /**
   * Returns a copy of the object attached through {@code hz}; closing it only detaches it.
   *
   * @param hz a member or client of the object's cluster
   * @return the copy
   */
  Object attach(HazelcastInstance hz);
}
