package dev.multiproc.manager;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A bag of named attributes held by a manager: Python's {@code manager.Namespace()}, whose
 * {@code ns.x = 1} is {@code ns.set("x", 1)} here.
 */
public interface Namespace {

  /**
   * Returns an attribute. Python: {@code ns.name}.
   *
   * @param name the attribute
   * @param <T> its type
   * @return its value
   * @throws java.util.NoSuchElementException if there is no such attribute (Python's {@code
   *     AttributeError})
   */
  <T> T get(String name);

  /**
   * Returns an attribute if it exists (and is not null).
   *
   * @param name the attribute
   * @return its value, if set
   */
  default Optional<Object> find(String name) {
    return Optional.ofNullable(asMap().get(name));
  }

  /**
   * Sets an attribute. Python: {@code ns.name = value}.
   *
   * @param name the attribute
   * @param value its value
   */
  void set(String name, @Nullable Object value);

  /**
   * Removes an attribute. Python: {@code del ns.name}.
   *
   * @param name the attribute
   * @return whether it existed
   */
  boolean delete(String name);

  /**
   * Returns a copy of all attributes.
   *
   * @return name to value, in the order they were first set
   */
  Map<String, Object> asMap();
}
