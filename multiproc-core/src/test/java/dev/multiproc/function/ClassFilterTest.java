package dev.multiproc.function;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.testing.TestTasks;
import java.util.ArrayList;
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
    assertTrue(ClassFilter.only().allowing("dev.multiproc.testing.TestTasks*")
        .allows(TestTasks.Point.class));
    assertTrue(ClassFilter.only().allows(String.class));
    // a lambda counts as the class that wrote it
    Class<?> lambda = TestTasks.doubler().getClass();
    assertTrue(ClassFilter.only("dev.multiproc.testing.TestTasks").allows(lambda));
    assertFalse(ClassFilter.only("dev.multiproc.testing.Other").allows(lambda));
  }
}
