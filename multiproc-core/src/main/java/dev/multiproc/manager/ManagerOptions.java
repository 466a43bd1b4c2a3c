package dev.multiproc.manager;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a manager: the types registered with it beyond the built-in ones, as Python's
 * {@code BaseManager.register}.
 *
 * @param types registered type ids and how to make their objects
 */
public record ManagerOptions(Map<String, Registration> types) implements java.io.Serializable {

  /**
   * A registered type: its factory and the interface its proxies implement.
   *
   * @param factory makes the objects, in the manager's process
   * @param api the interface
   */
  public record Registration(TypeFactory factory, Class<?> api) implements java.io.Serializable {
    /**
     * Checks the registration.
     *
     * @param factory makes the objects
     * @param api the interface
     */
    public Registration {
      Objects.requireNonNull(factory, "factory");
      if (!api.isInterface()) {
        throw new IllegalArgumentException("a manager proxies interfaces: " + api.getName()
            + " is a class; register the interface it implements");
      }
    }
  }

  /**
   * Copies the registrations.
   *
   * @param types the registrations
   */
  public ManagerOptions {
    types = Map.copyOf(types);
  }

  /**
   * Returns options with no registered types.
   *
   * @return the defaults
   */
  public static ManagerOptions defaults() {
    return new ManagerOptions(Map.of());
  }

  /**
   * Returns a copy with one more type. Python: {@code BaseManager.register(typeid, callable)}.
   *
   * @param typeId the type's name
   * @param api the interface its proxies implement
   * @param factory makes its objects in the manager's process
   * @return the copy
   */
  public ManagerOptions register(String typeId, Class<?> api, TypeFactory factory) {
    var all = new LinkedHashMap<>(types);
    all.put(typeId, new Registration(factory, api));
    return new ManagerOptions(all);
  }
}
