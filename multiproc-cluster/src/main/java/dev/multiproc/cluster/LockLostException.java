package dev.multiproc.cluster;

/**
 * A cluster lock that its holder believed it held was released by the cluster meanwhile (the
 * cluster dropped the holder's connection, or its side of a split has too few members to tell):
 * another may have taken it. The holder no longer holds it.
 */
public final class LockLostException extends IllegalMonitorStateException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /** The lost lock's name in the cluster. */
  private final String lock;

  /**
   * Creates the exception.
   *
   * @param lock the lock's name in the cluster
   * @param why what happened
   */
  public LockLostException(String lock, String why) {
    super("cluster lock " + lock + " was lost: " + why);
    this.lock = lock;
  }

  /**
   * Returns the lost lock's name in the cluster.
   *
   * @return the name
   */
  public String lock() {
    return lock;
  }
}
