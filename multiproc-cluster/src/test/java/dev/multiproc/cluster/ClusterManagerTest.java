package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.manager.ManagedValue;
import dev.multiproc.manager.Manager;
import dev.multiproc.manager.ManagerException;
import dev.multiproc.manager.Namespace;
import dev.multiproc.pool.Pool;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A manager on the cluster: its dict, list, set, namespace and value used here and by pool tasks
 * in a member's worker JVMs (one member JVM, two workers; this JVM a client).
 */
@Timeout(180)
class ClusterManagerTest {
  private static TestCluster cluster;
  private static Pool pool;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(ClusterManagerTest.class, 2);
    pool = cluster.client.pool(2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (pool != null) {
      pool.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void dict_filledByPoolTasks_isSeenHere() {
    try (Manager m = cluster.client.manager()) {
      Map<String, Integer> squares = m.dict();
      pool.map(
          i -> ClusterTestTasks.putSquare(squares, i), IntStream.range(0, 10).boxed().toList());
      assertEquals(10, squares.size());
      assertEquals(81, squares.get("9"));
      assertTrue(squares.containsKey("0"));
      assertEquals(
          new TreeMap<>(
              Map.of(
                  "0", 0, "1", 1, "2", 4, "3", 9, "4", 16, "5", 25, "6", 36, "7", 49, "8", 64, "9",
                  81)),
          new TreeMap<>(squares));
      assertEquals(81, squares.remove("9"));
      assertNull(squares.get("9"));
      squares.put(null, null); // a Java map may hold a null key and value; so may this one
      assertTrue(squares.containsKey(null));
      assertNull(squares.get(null));
      squares.clear();
      assertTrue(squares.isEmpty());
    }
  }

  @Test
  void list_appendedByTasks_andNestedInADict_staysShared() {
    try (Manager m = cluster.client.manager()) {
      List<String> log = m.list();
      Map<String, List<String>> holder = m.dict();
      holder.put("log", log);
      pool.map(
          i -> ClusterTestTasks.appendThroughDict(holder, "task-" + i),
          IntStream.range(0, 6).boxed().toList());
      assertEquals(6, log.size());
      assertEquals(
          Set.of("task-0", "task-1", "task-2", "task-3", "task-4", "task-5"), Set.copyOf(log));
      log.add(0, "first");
      assertEquals("first", log.get(0));
      assertEquals("first", log.set(0, "changed"));
      assertEquals("changed", log.remove(0));
      assertThrows(IndexOutOfBoundsException.class, () -> log.get(100));
    }
  }

  @Test
  void array_hasAFixedLength_setAndSet_work() {
    try (Manager m = cluster.client.manager()) {
      List<Integer> arr = m.array(List.of(1, 2, 3));
      assertEquals(2, arr.set(1, 20));
      assertEquals(List.of(1, 20, 3), List.copyOf(arr));
      var e = assertThrows(UnsupportedOperationException.class, () -> arr.add(4));
      assertTrue(e.getMessage().contains("fixed length (3)"), e.getMessage());
      Set<String> tags = m.set();
      assertTrue(tags.add("a"));
      assertFalse(tags.add("a"));
      assertTrue(tags.contains("a"));
      assertEquals(Set.of("a"), Set.copyOf(tags));
    }
  }

  @Test
  void namespaceAndValue_setByATask_readHere() {
    try (Manager m = cluster.client.manager()) {
      Namespace ns = m.namespace();
      ManagedValue<Integer> counter = m.value(5);
      ns.set("x", 1);
      assertEquals(1, pool.apply(() -> ClusterTestTasks.bumpNamespace(ns, counter)));
      assertEquals(2, (Integer) ns.get("x"));
      assertEquals("done", ns.get("y"));
      assertEquals(6, counter.get());
      assertEquals(Map.of("x", 2, "y", "done"), ns.asMap());
      assertTrue(ns.delete("y"));
      var missing = assertThrows(NoSuchElementException.class, () -> ns.get("y"));
      assertEquals("the namespace has no attribute 'y'", missing.getMessage());
    }
  }

  @Test
  void close_destroysWhatItMade_andRefusesMore() {
    Manager m = cluster.client.manager();
    Map<String, Integer> d = m.dict();
    d.put("a", 1);
    m.close();
    m.close(); // idempotent
    assertTrue(d.isEmpty(), "the dict's map was destroyed");
    var e = assertThrows(ManagerException.class, m::dict);
    assertEquals("the cluster manager is shut down: dict() refused", e.getMessage());
    var custom =
        assertThrows(
            UnsupportedOperationException.class,
            () -> cluster.client.manager().create("Counter", Runnable.class));
    assertInstanceOf(String.class, custom.getMessage());
    assertTrue(custom.getMessage().contains("'Counter'"), custom.getMessage());
  }
}
