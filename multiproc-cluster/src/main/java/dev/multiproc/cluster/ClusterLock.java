package dev.multiproc.cluster;

import dev.multiproc.sync.MpLock;

/**
 * A lock of a cluster context ({@link ClusterContext#lock()}; {@link ClusterContext#rLock()} and
 * the lock of a cluster condition are ones too): an {@link MpLock} whose every hold has a fencing
 * token, for callers that guard a resource outside the cluster with it.
 *
 * <p>A lock can be lost without its holder's release: when the cluster drops the holder's
 * connection (or its member leaves), the cluster releases the lock and may grant it to another.
 * A resource that only accepts a token at least as high as the highest it has seen refuses a
 * holder that lost its lock meanwhile: a hold's token is counted in the cluster when the hold
 * first asks for it, and is higher than the token of every earlier hold.
 * A holder that lost its lock is told so by its release, and by {@link #fencingToken()}, with
 * {@link LockLostException}.
 */
public interface ClusterLock extends MpLock {
  /**
   * Returns the fencing token of the calling thread's hold (for a plain lock, of the current
   * hold this object took), checked with the cluster: it is still this hold's.
   *
   * @return the token (the same for every call during one hold), higher than any earlier hold's
   * @throws IllegalMonitorStateException if this object does not hold the lock
   * @throws LockLostException if the cluster released the lock of this hold meanwhile
   */
  long fencingToken();
}
