package dev.multiproc.faults;

import dev.multiproc.cluster.ClusterLock;
import dev.multiproc.sync.MpLock;

/** The fencing token of a cluster lock, for the fault tests. */
final class FaultLocks {
  private FaultLocks() {}

  static long token(MpLock lock) {
    return ((ClusterLock) lock).fencingToken();
  }
}
