package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.manager.Manager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link java.util.Collection} and {@link Map} contracts of a cluster manager's list, set and
 * dict, and of the cluster queues, from a member and from a client: what reports a change makes
 * it, and what it refuses it refuses with the JDK's exception.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>list add at -1</td><td>{@code list.add(-1, e)}, and past the end</td>
 *       <td>IndexOutOfBoundsException, nothing added</td></tr>
 *   <tr><td>list and set removals</td><td>remove(Object), removeAll, retainAll, removeIf,
 *       iterator().remove()</td><td>true and removed, false when nothing matched</td></tr>
 *   <tr><td>dict writes through views</td><td>replaceAll, entry.setValue, keySet().remove,
 *       values().removeIf, entrySet().removeIf</td><td>the dict changes</td></tr>
 *   <tr><td>drain into null</td><td>{@code drainTo(null)} on an empty queue</td>
 *       <td>NullPointerException</td></tr>
 * </table>
 */
@Timeout(120)
class ClusterCollectionFaultTest {
  private static EmbeddedCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedCluster.start(ClusterCollectionFaultTest.class);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void list_addAtABadIndex_throwsIndexOutOfBounds(String side) {
    try (Manager m = cluster.side(side).manager()) {
      List<String> list = m.list();
      list.add("a");
      assertThrows(IndexOutOfBoundsException.class, () -> list.add(-1, "b"));
      assertThrows(IndexOutOfBoundsException.class, () -> list.add(2, "b"));
      assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
      assertThrows(IndexOutOfBoundsException.class, () -> list.set(1, "b"));
      assertThrows(IndexOutOfBoundsException.class, () -> list.remove(-1));
      assertEquals(List.of("a"), new ArrayList<>(list));
      list.add(1, "c");
      list.add(0, "z");
      assertEquals(List.of("z", "a", "c"), new ArrayList<>(list));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void list_removals_removeWhatTheyReport(String side) {
    try (Manager m = cluster.side(side).manager()) {
      List<String> list = m.list();
      list.addAll(List.of("a", "b", "a", "c", "d", "e"));
      assertTrue(list.remove((Object) "a"));
      assertEquals(List.of("b", "a", "c", "d", "e"), new ArrayList<>(list), "the first a");
      assertFalse(list.remove((Object) "q"));
      assertTrue(list.removeAll(List.of("a", "q")));
      assertEquals(List.of("b", "c", "d", "e"), new ArrayList<>(list));
      assertFalse(list.removeAll(List.of("q")));
      assertTrue(list.retainAll(List.of("b", "c", "d")));
      assertEquals(List.of("b", "c", "d"), new ArrayList<>(list));
      assertFalse(list.retainAll(List.of("b", "c", "d")));
      assertTrue(list.removeIf(s -> s.equals("c")));
      assertEquals(List.of("b", "d"), new ArrayList<>(list));
      assertFalse(list.removeIf(s -> s.equals("q")));
      Iterator<String> it = list.iterator();
      it.next();
      it.remove();
      assertEquals(List.of("d"), new ArrayList<>(list));
      list.addAll(List.of("x", "d"));
      it = list.iterator(); // [d, x, d]: the second d goes, not the first
      it.next();
      it.next();
      it.next();
      it.remove();
      assertEquals(List.of("d", "x"), new ArrayList<>(list));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void set_removals_removeWhatTheyReport(String side) {
    try (Manager m = cluster.side(side).manager()) {
      Set<String> set = m.set();
      set.addAll(List.of("a", "b", "c", "d", "e"));
      assertTrue(set.remove("a"));
      assertFalse(set.remove("a"));
      assertTrue(set.removeAll(List.of("b", "q")));
      assertFalse(set.removeAll(List.of("q")));
      assertTrue(set.retainAll(List.of("c", "d", "q")));
      assertEquals(Set.of("c", "d"), new LinkedHashSet<>(set));
      assertTrue(set.removeIf(s -> s.equals("c")));
      assertFalse(set.removeIf(s -> s.equals("q")));
      assertEquals(Set.of("d"), new LinkedHashSet<>(set));
      Iterator<String> it = set.iterator();
      it.next();
      it.remove();
      assertTrue(set.isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void dict_viewsAndReplaceAll_writeThrough(String side) {
    try (Manager m = cluster.side(side).manager()) {
      Map<String, Integer> dict = m.dict();
      dict.putAll(Map.of("a", 1, "b", 2, "c", 3, "d", 4));
      dict.replaceAll((k, v) -> v * 10);
      assertEquals(Map.of("a", 10, "b", 20, "c", 30, "d", 40), new LinkedHashMap<>(dict));
      for (Map.Entry<String, Integer> e : dict.entrySet()) {
        if (e.getKey().equals("a")) {
          assertEquals(10, e.setValue(11));
        }
      }
      assertEquals(11, dict.get("a"));
      assertTrue(dict.keySet().remove("b"));
      assertFalse(dict.containsKey("b"));
      assertTrue(dict.values().removeIf(v -> v == 30));
      assertFalse(dict.containsKey("c"));
      assertTrue(dict.entrySet().removeIf(e -> e.getKey().equals("d")));
      assertEquals(Map.of("a", 11), new LinkedHashMap<>(dict));
      assertTrue(dict.entrySet().contains(Map.entry("a", 11)));
      assertFalse(dict.entrySet().remove(Map.entry("a", 12)));
      assertTrue(dict.entrySet().remove(Map.entry("a", 11)));
      assertTrue(dict.isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"member", "client"})
  void queue_drainToNull_throwsEvenWhenEmpty(String side) {
    ClusterContext ctx = cluster.side(side);
    try (MpQueue<String> q = ctx.queue();
        MpQueue<String> jq = ctx.joinableQueue()) {
      assertThrows(NullPointerException.class, () -> q.drainTo(null));
      assertThrows(NullPointerException.class, () -> q.drainTo(null, 1));
      assertThrows(NullPointerException.class, () -> jq.drainTo(null));
    }
  }
}
