package dev.multiproc.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter.Limits;
import dev.multiproc.testing.TestTasks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ClassFilterTest {
  record Mine(int x) {}

  @Test
  void matches_patternForms() {
    assertTrue(ClassFilter.matches("com.a.Foo", "com.a.Foo"));
    assertFalse(ClassFilter.matches("com.a.Foo", "com.a.Foo2"));
    assertTrue(ClassFilter.matches("com.a.*", "com.a.Foo"));
    assertFalse(ClassFilter.matches("com.a.*", "com.a.b.Foo"));
    assertTrue(ClassFilter.matches("com.a.**", "com.a.b.Foo"));
    assertTrue(ClassFilter.matches("com.a.F*", "com.a.Foo"));
  }

  @Test
  void defaults_allowJdkValuesAndApplicationClassesNotGadgets() {
    ClassFilter f = ClassFilter.defaults();
    assertTrue(f.allows(Integer.class));
    assertTrue(f.allows(int[].class));
    assertTrue(f.allows(ArrayList.class));
    assertTrue(f.allows(ConcurrentHashMap.class));
    assertTrue(f.allows(Mine[].class));
    assertFalse(f.allows(java.text.SimpleDateFormat.class));
    assertFalse(f.allows(java.net.URL.class));
  }

  @Test
  void only_refusesApplicationClassesNotListed() {
    assertFalse(ClassFilter.only().allows(TestTasks.Point.class));
    assertTrue(
        ClassFilter.only()
            .allowing("dev.multiproc.testing.TestTasks*")
            .allows(TestTasks.Point.class));
    assertTrue(ClassFilter.only().allows(String.class));
    // a lambda counts as the class that wrote it
    Class<?> lambda = TestTasks.doubler().getClass();
    assertTrue(ClassFilter.only("dev.multiproc.testing.TestTasks").allows(lambda));
    assertFalse(ClassFilter.only("dev.multiproc.testing.Other").allows(lambda));
  }

  @Test
  void limits_defaults_fitRealUse() {
    Limits limits = Limits.defaults();
    assertEquals(new Limits(1 << 30, 20, 1L << 26, 1 << 30), limits);
    assertEquals(limits, ClassFilter.defaults().limits());
    assertEquals(limits, ClassFilter.only("a.B").limits());
    assertEquals(limits, new ClassFilter(true, List.of()).limits());
  }

  @Test
  void limits_invalid_refusedNamingTheLimit() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Limits(0, 20, 1, 1));
    assertEquals("maxBytes must be at least 1, not 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxDepth(-1));
    assertEquals("maxDepth must be at least 1, not -1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Limits.defaults().withMaxBytes(Integer.MAX_VALUE));
    assertEquals(
        "maxBytes must be at most " + Limits.MAX_BYTES + ", not " + Integer.MAX_VALUE,
        e.getMessage());
  }

  @Test
  void limits_systemProperties_setTheDefaults_andABadOneIsAClearError() {
    try {
      System.setProperty(Limits.MAX_DEPTH_PROPERTY, "64");
      System.setProperty(Limits.MAX_BYTES_PROPERTY, "1_000_000");
      assertEquals(new Limits(1_000_000, 64, 1L << 26, 1 << 30), Limits.defaults());
      System.setProperty(Limits.MAX_REFERENCES_PROPERTY, "lots");
      var e = assertThrows(IllegalArgumentException.class, Limits::defaults);
      assertEquals(
          "system property multiproc.limits.maxReferences=lots is not a valid limit:"
              + " give a whole number from 1 to "
              + Long.MAX_VALUE,
          e.getMessage());
    } finally {
      System.clearProperty(Limits.MAX_DEPTH_PROPERTY);
      System.clearProperty(Limits.MAX_BYTES_PROPERTY);
      System.clearProperty(Limits.MAX_REFERENCES_PROPERTY);
    }
  }

  @Test
  void withLimits_keepsThePatterns_andShowsLimitsOnlyWhenNotTheDefaults() throws Exception {
    ClassFilter strict = ClassFilter.only("a.B");
    assertEquals("ClassFilter[applicationClasses=false, allowed=[a.B]]", strict.toString());
    ClassFilter deep = strict.withLimits(Limits.defaults().withMaxDepth(100));
    assertEquals(List.of("a.B"), deep.allowed());
    assertEquals(100, deep.limits().maxDepth());
    assertEquals(
        "ClassFilter[applicationClasses=false, allowed=[a.B], limits=Limits[maxBytes="
            + (1 << 30)
            + ", maxDepth=100, maxReferences="
            + (1L << 26)
            + ", maxArrayLength="
            + (1 << 30)
            + "]]",
        deep.toString());
    assertEquals(deep, deep.allowing().withLimits(deep.limits()));
    // a pool sends its filter to its workers: the limits go with it
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(deep);
    }
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(deep, in.readObject());
    }
  }
}
