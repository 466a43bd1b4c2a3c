package dev.multiproc.spi;

import org.jspecify.annotations.Nullable;

/** Bytes could not be decoded: a class is not allowed, is missing, or the bytes are corrupt. */
public final class DecodingException extends RuntimeException {
  @java.io.Serial private static final long serialVersionUID = 1L;
  private final @Nullable String className;

  /**
   * Creates the exception.
   *
   * @param className the class refused or missing, if known
   * @param message the full message
   * @param cause what the deserializer threw
   */
  public DecodingException(@Nullable String className, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.className = className;
  }

  /**
   * Returns the name of the class refused or missing, if known.
   *
   * @return the class name, or null
   */
  public @Nullable String className() {
    return className;
  }
}
