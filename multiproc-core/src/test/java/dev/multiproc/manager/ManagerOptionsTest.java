package dev.multiproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ManagerOptions}: the call timeout, its checks and its system property. */
class ManagerOptionsTest {

  private static Duration withProperty(String value) {
    String before = System.getProperty(ManagerOptions.CALL_TIMEOUT_PROPERTY);
    System.setProperty(ManagerOptions.CALL_TIMEOUT_PROPERTY, value);
    try {
      return ManagerOptions.defaultCallTimeout();
    } finally {
      if (before == null) {
        System.clearProperty(ManagerOptions.CALL_TIMEOUT_PROPERTY);
      } else {
        System.setProperty(ManagerOptions.CALL_TIMEOUT_PROPERTY, before);
      }
    }
  }

  @Test
  void defaults_callTimeoutIs30Seconds() {
    if (System.getProperty(ManagerOptions.CALL_TIMEOUT_PROPERTY) == null) {
      assertEquals(Duration.ofSeconds(30), ManagerOptions.defaults().callTimeout());
    }
    assertEquals(
        Duration.ofSeconds(2),
        ManagerOptions.defaults().withCallTimeout(Duration.ofSeconds(2)).callTimeout());
  }

  @Test
  void withCallTimeout_notPositive_throwsWithTheValue() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ManagerOptions.defaults().withCallTimeout(Duration.ZERO));
    assertEquals("callTimeout must be positive: callTimeout=PT0S", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new ManagerOptions(Map.of(), Duration.ofMillis(-1)));
  }

  @Test
  void register_keepsTheCallTimeout() {
    var options =
        ManagerOptions.defaults()
            .withCallTimeout(Duration.ofSeconds(3))
            .register("x", Runnable.class, args -> (Runnable) () -> {});
    assertEquals(Duration.ofSeconds(3), options.callTimeout());
  }

  @Test
  void property_acceptsUnitsSecondsAndIso() {
    assertEquals(Duration.ofSeconds(45), withProperty("45"));
    assertEquals(Duration.ofMillis(1500), withProperty("1.5s"));
    assertEquals(Duration.ofMillis(250), withProperty("250ms"));
    assertEquals(Duration.ofMinutes(2), withProperty("2m"));
    assertEquals(Duration.ofSeconds(30), withProperty("PT30S"));
  }

  @Test
  void property_notADuration_throwsWithTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> withProperty("soon"));
    assertEquals(
        "-Dmultiproc.manager.callTimeout=soon is not a positive duration (examples:"
            + " 30s, 500ms, 2m, 45, PT30S)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> withProperty("0"));
  }
}
