package dev.multiproc.internal.codec;

/** An object could not be encoded; the message names its class and where it was found. */
public final class EncodingException extends RuntimeException {
  private final String className;

  /**
   * Creates the exception.
   *
   * @param className the class that could not be encoded
   * @param message the full message
   * @param cause what the serializer threw
   */
  public EncodingException(String className, String message, Throwable cause) {
    super(message, cause);
    this.className = className;
  }

  /**
   * Returns the name of the class that could not be encoded.
   *
   * @return the class name
   */
  public String className() {
    return className;
  }
}
