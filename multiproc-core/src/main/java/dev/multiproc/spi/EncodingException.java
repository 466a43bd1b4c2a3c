package dev.multiproc.spi;

import org.jspecify.annotations.Nullable;

/**
 * An object could not be encoded; the message names its class and where it was found, or why it
 * cannot be sent (too large, too deep).
 */
public final class EncodingException extends RuntimeException {
  @java.io.Serial private static final long serialVersionUID = 1L;
  private final @Nullable String className;

  /**
   * Creates the exception.
   *
   * @param className the class that could not be encoded, if one is to blame
   * @param message the full message
   * @param cause what the serializer threw, if anything
   */
  public EncodingException(@Nullable String className, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.className = className;
  }

  /**
   * Returns the name of the class that could not be encoded.
   *
   * @return the class name, or null when no one class is to blame
   */
  public @Nullable String className() {
    return className;
  }
}
