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
   * Returns what a synchronous call throws for a task that threw {@code cause}: {@link
   * Pool#apply}, {@link Pool#map} and the other calls that wait for their result, and {@code next}
   * of the {@link ResultIterator} of {@link Pool#imap}. An unchecked exception is returned as
   * itself, an {@link Error} is thrown here, and a checked exception is returned wrapped in a
   * {@code RemoteException} named after its class. Every pool applies this one rule.
   *
   * @param cause what the task threw
   * @return the exception to throw
   * @throws Error {@code cause}, when it is one
   */
  public static RuntimeException rethrowable(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new RemoteException(
        cause.getClass().getName(), String.valueOf(cause.getMessage()), cause);
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
