package dev.multiproc.manager;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to start a manager: the types registered with it beyond the built-in ones, as Python's
 * {@code BaseManager.register}, and how long its proxies wait for a manager that does not answer.
 *
 * <p><b>Call timeout.</b> A proxy call fails with {@link ManagerException} when the manager has
 * answered nothing for {@code callTimeout}: not the call, and not the liveness checks a proxy
 * sends while a call waits (a frozen, swapped-out or wedged manager). A call that waits on
 * purpose ({@code queue.take()}, {@code lock.tryLock(1, HOURS)}) waits as long as it must while
 * the manager answers those checks; its own timeout is not cut short. The default is {@value
 * #DEFAULT_CALL_TIMEOUT_SECONDS} s, or the system property {@value #CALL_TIMEOUT_PROPERTY} ({@code
 * 30s}, {@code 500ms}, {@code 2m}, a number of seconds, or an ISO-8601 duration such as {@code
 * PT30S}), which also applies to {@link Managers#connect}. Proxies passed to other processes
 * keep the timeout of the manager they came from.
 *
 * @param types registered type ids and how to make their objects
 * @param callTimeout how long a proxy call waits for a manager that answers nothing
 */
public record ManagerOptions(Map<String, Registration> types, Duration callTimeout)
    implements java.io.Serializable {

  /** The system property that sets the default call timeout. */
  public static final String CALL_TIMEOUT_PROPERTY = "multiproc.manager.callTimeout";

  /** The default call timeout when the system property is not set, in seconds. */
  public static final int DEFAULT_CALL_TIMEOUT_SECONDS = 30;

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
        throw new IllegalArgumentException(
            "a manager proxies interfaces: "
                + api.getName()
                + " is a class; register the interface it implements");
      }
    }
  }

  /**
   * Copies the registrations and checks the call timeout.
   *
   * @param types the registrations
   * @param callTimeout how long a proxy call waits for a manager that answers nothing
   * @throws IllegalArgumentException if the call timeout is not positive
   */
  public ManagerOptions {
    types = Map.copyOf(types);
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException(
          "callTimeout must be positive: callTimeout=" + callTimeout);
    }
  }

  /**
   * Options with these registrations and the default call timeout.
   *
   * @param types the registrations
   */
  public ManagerOptions(Map<String, Registration> types) {
    this(types, defaultCallTimeout());
  }

  /**
   * Returns options with no registered types and the default call timeout.
   *
   * @return the defaults
   */
  public static ManagerOptions defaults() {
    return new ManagerOptions(Map.of());
  }

  /**
   * Returns the default call timeout: the system property {@value #CALL_TIMEOUT_PROPERTY} if set,
   * else {@value #DEFAULT_CALL_TIMEOUT_SECONDS} s.
   *
   * @return the default
   * @throws IllegalArgumentException if the property is set to something that is not a positive
   *     duration
   */
  public static Duration defaultCallTimeout() {
    String text = System.getProperty(CALL_TIMEOUT_PROPERTY);
    if (text == null || text.isBlank()) {
      return Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS);
    }
    Duration d = parse(text.strip());
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "-D"
              + CALL_TIMEOUT_PROPERTY
              + "="
              + text
              + " is not a positive duration (examples: 30s, 500ms, 2m, 45, PT30S)");
    }
    return d;
  }

  private static @Nullable Duration parse(String text) {
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text);
      }
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).strip()));
      }
      if (text.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(text.substring(0, text.length() - 1).strip()) * 1000));
      }
      if (text.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1).strip()));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      return null;
    }
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
    return new ManagerOptions(all, callTimeout);
  }

  /**
   * Returns a copy with another call timeout.
   *
   * @param callTimeout how long a proxy call waits for a manager that answers nothing
   * @return the copy
   * @throws IllegalArgumentException if it is not positive
   */
  public ManagerOptions withCallTimeout(Duration callTimeout) {
    return new ManagerOptions(types, callTimeout);
  }
}
