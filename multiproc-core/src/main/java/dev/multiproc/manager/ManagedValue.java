package dev.multiproc.manager;

import org.jspecify.annotations.Nullable;

/**
 * One value held by a manager: Python's {@code manager.Value(typecode, value)}, any
 * serializable object.
 *
 * @param <T> the value's type
 */
public interface ManagedValue<T> {

  /**
   * Returns the value. Python: {@code v.value}.
   *
   * @return the value
   */
  @Nullable T get();

  /**
   * Sets the value. Python: {@code v.value = x}.
   *
   * @param value the new value
   */
  void set(@Nullable T value);
}
