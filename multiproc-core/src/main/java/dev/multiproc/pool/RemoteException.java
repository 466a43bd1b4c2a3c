package dev.multiproc.pool;

/**
 * A task threw an exception that cannot be rethrown as itself here: a checked exception from a
 * method that does not declare it (such as {@link Pool#map}), or an exception whose class cannot
 * be brought over (not serializable, not allowed, not on this class path). The message starts
 * with the original class name; the cause, when there is one, is the original exception.
 */
public final class RemoteException extends RuntimeException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /** The class name of the exception the task threw. */
  private final String remoteClass;

  /**
   * Creates the exception.
   *
   * @param remoteClass the class name of the exception the task threw
   * @param message its message
   * @param cause the original exception, or a {@link RemoteTraceback} when it could not be
   *     brought over
   */
  public RemoteException(String remoteClass, String message, Throwable cause) {
    super(remoteClass + ": " + message, cause);
    this.remoteClass = remoteClass;
  }

  /**
   * Returns the class name of the exception the task threw.
   *
   * @return the class name
   */
  public String remoteClass() {
    return remoteClass;
  }
}
