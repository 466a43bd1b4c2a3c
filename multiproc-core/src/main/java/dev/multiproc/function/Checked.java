package dev.multiproc.function;

import java.lang.reflect.UndeclaredThrowableException;

/**
 * How the {@code java.util.function} views of this package's types ({@code Function.apply},
 * {@code Runnable.run}, ...) pass on a checked exception that those methods cannot declare.
 */
final class Checked {
  private Checked() {}

  /**
   * Returns what to throw for {@code e} from a method that cannot declare it: an unchecked
   * exception as it is, a checked one inside an {@link UndeclaredThrowableException}. An {@link
   * InterruptedException} sets the thread's interrupt again.
   *
   * @param e what the task threw
   * @return the exception to throw
   */
  static RuntimeException unchecked(Exception e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new UndeclaredThrowableException(e, e.toString());
  }
}
