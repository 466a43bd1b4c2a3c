package dev.multiproc.cluster;

/**
 * The cluster did not answer a call in time: the member that holds the object is unreachable (a
 * network fault, a machine that stopped), or this JVM lost its connection to the cluster. A
 * timed call throws this within about {@value #BOUND_SECONDS} s after its timeout when the
 * cluster did not answer by then. The call may or may not have taken effect: a put may still
 * arrive. What a call took for a caller that has gone (an item, a lock) is given back when the
 * cluster's answer comes.
 */
public final class ClusterUnreachableException extends IllegalStateException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /** How long after its timeout a timed call waits for the cluster's answer, in seconds. */
  public static final int BOUND_SECONDS = 2;

  /**
   * Creates the exception.
   *
   * @param message what did not answer
   * @param cause what the cluster reported, or null
   */
  public ClusterUnreachableException(
      String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
  }
}
