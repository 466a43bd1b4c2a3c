package dev.multiproc.cluster;

/**
 * A call on a cluster object that no longer exists because the JVM that made it lost its lease:
 * it was cut off from the cluster (or stalled) for longer than its lease and the members' grace
 * after it, and a member destroyed what it had made, as for a JVM that died. The object is not
 * made again, empty: every later call on it throws this too. Objects made after that work.
 */
public final class ObjectLostException extends IllegalStateException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /** The lost object's name in the cluster. */
  private final String object;

  /**
   * Creates the exception.
   *
   * @param object the lost object's name in the cluster
   * @param why why it was destroyed
   */
  public ObjectLostException(String object, String why) {
    super("cluster object " + object + " was destroyed: " + why);
    this.object = object;
  }

  /**
   * Returns the lost object's name in the cluster.
   *
   * @return the name
   */
  public String object() {
    return object;
  }
}
