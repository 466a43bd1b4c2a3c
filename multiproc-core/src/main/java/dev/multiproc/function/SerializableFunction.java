package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to another process; the function of {@code Pool.map} and
 * {@code Pool.apply}.
 *
 * <p>A lambda or method reference implements {@link #applyChecked}, which may throw any exception:
 * a function that blocks ({@code queue.get()}, {@code Thread.sleep}) or calls code with checked
 * exceptions needs no try/catch, and a checked exception it throws reaches the caller as the cause
 * of the usual {@link java.util.concurrent.ExecutionException} (the synchronous {@code
 * Pool.apply}/{@code map} throw it inside a {@code RemoteException}). Its {@link #apply} is the
 * {@link Function} view for code that takes a plain {@link Function}.
 *
 * <p>A javac limitation to know: within one class, the same method reference used at two
 * different generic instantiations (say {@code Tasks::describe} as a function of {@code String}
 * in one call and of {@code Integer} in another, where {@code describe} takes {@code Object})
 * deserializes as the first one, and the other then fails with a {@link ClassCastException} in
 * the worker (JDK-8174865). Use a lambda, or one instantiation per class.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {

  /**
   * Applies this function; what a lambda or method reference of this type implements.
   *
   * @param t the argument
   * @return the result
   * @throws Exception whatever the function throws
   */
  R applyChecked(T t) throws Exception;

  /**
   * Runs {@link #applyChecked}, for code that takes a plain {@link Function}: a checked exception
   * is wrapped in a {@link java.lang.reflect.UndeclaredThrowableException} (an {@link
   * InterruptedException} also sets the interrupt again).
   *
   * @param t the argument
   * @return the result
   */
  @Override
  default R apply(T t) {
    try {
      return applyChecked(t);
    } catch (Exception e) {
      throw Checked.unchecked(e);
    }
  }
}
