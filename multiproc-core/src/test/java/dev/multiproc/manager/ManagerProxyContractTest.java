package dev.multiproc.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import dev.multiproc.testing.NoLeaksExtension;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDK contracts a manager's proxies claim ({@link java.util.concurrent.BlockingQueue}, {@link
 * List}, {@link Set}, {@link Map} and its views, {@link java.util.concurrent.locks.Lock}), where a
 * copy made in the caller used to break them: bulk mutations, views, iterators, arguments that
 * are not serializable, typed arrays, extreme timeouts and lock ownership. Run on the manager of
 * the local context (a server process) and on that of the threads backend.
 */
@ParameterizedClass(name = "{0} manager")
@EnumSource(ManagerProxyContractTest.Kind.class)
@ExtendWith(NoLeaksExtension.class)
class ManagerProxyContractTest {

  /** Where the manager runs. */
  enum Kind {
    /** A server process. */
    LOCAL,
    /** A server in this JVM. */
    THREADS
  }

  @Parameter Kind kind;

  private Manager m;

  @BeforeEach
  void start() {
    m =
        kind == Kind.LOCAL
            ? Multiprocessing.local().manager()
            : Multiprocessing.threads().manager();
  }

  @AfterEach
  void stop() {
    m.close();
  }

  /** A collection that is not serializable, as Guava testlib's {@code MinimalCollection}. */
  static final class MinimalCollection<E> extends AbstractCollection<E> {
    private final List<E> items;

    MinimalCollection(List<E> items) {
      this.items = List.copyOf(items);
    }

    @Override
    public Iterator<E> iterator() {
      return items.iterator();
    }

    @Override
    public int size() {
      return items.size();
    }
  }

  private static Set<String> keySetOf(String... keys) {
    Map<String, Integer> map = new HashMap<>();
    for (String k : keys) {
      map.put(k, 0);
    }
    return map.keySet(); // HashMap.KeySet is not Serializable
  }

  /* --------------- queues: drainTo --------------- */

  @Test
  void drainTo_movesTheItemsIntoTheCallersCollection() throws Exception {
    MpQueue<Integer> q = m.queue();
    for (int i = 1; i <= 5; i++) {
      q.put(i);
    }
    List<Integer> into = new ArrayList<>(List.of(0));
    assertEquals(2, q.drainTo(into, 2));
    assertEquals(List.of(0, 1, 2), into);
    assertEquals(3, q.drainTo(into));
    assertEquals(List.of(0, 1, 2, 3, 4, 5), into);
    assertNull(q.poll());
    assertEquals(0, q.drainTo(into));
  }

  @Test
  void drainTo_itself_throwsIllegalArgument_andKeepsTheItems() throws Exception {
    MpQueue<Integer> q = m.queue();
    q.put(1);
    assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
    assertThrows(IllegalArgumentException.class, () -> q.drainTo(q, 1));
    assertEquals(1, q.poll());
  }

  @Test
  void drainTo_null_throwsNullPointer_evenOnAnEmptyQueue() {
    MpQueue<Integer> q = m.queue();
    assertThrows(NullPointerException.class, () -> q.drainTo(null));
    assertThrows(NullPointerException.class, () -> q.drainTo(null, 3));
  }

  /* --------------- lists and sets: mutations through defaults --------------- */

  @Test
  void removeIf_removesInTheManager() {
    List<Integer> list = m.list();
    list.addAll(List.of(1, 2, 3, 4, 5, 6));
    assertTrue(list.removeIf(x -> x % 2 == 0));
    assertEquals(List.of(1, 3, 5), new ArrayList<>(list));
    assertFalse(list.removeIf(x -> x > 100));
    Set<String> set = m.set();
    set.addAll(List.of("a", "bb", "ccc"));
    assertTrue(set.removeIf(s -> s.length() > 1));
    assertEquals(Set.of("a"), Set.copyOf(set));
  }

  @Test
  void replaceAllAndSort_writeBack() {
    List<String> list = m.list();
    list.addAll(List.of("c", "a", "b"));
    list.replaceAll(String::toUpperCase);
    assertEquals(List.of("C", "A", "B"), new ArrayList<>(list));
    list.sort(Comparator.naturalOrder());
    assertEquals(List.of("A", "B", "C"), new ArrayList<>(list));
    list.sort(null);
    assertEquals(List.of("A", "B", "C"), new ArrayList<>(list));
  }

  @Test
  void listIterator_startsAtTheGivenIndex() {
    List<String> list = m.list();
    list.addAll(List.of("a", "b", "c"));
    assertEquals("b", list.listIterator(1).next());
    ListIterator<String> atEnd = list.listIterator(3);
    assertFalse(atEnd.hasNext());
    assertEquals(3, atEnd.nextIndex());
    assertEquals("c", atEnd.previous());
    assertThrows(IndexOutOfBoundsException.class, () -> list.listIterator(4));
    assertThrows(IndexOutOfBoundsException.class, () -> list.listIterator(-1));
  }

  @Test
  void iteratorsAndSubLists_writeThrough() {
    List<String> list = m.list();
    list.addAll(List.of("a", "b", "c", "d"));
    Iterator<String> it = list.iterator();
    assertEquals("a", it.next());
    it.remove();
    assertEquals(List.of("b", "c", "d"), new ArrayList<>(list));
    ListIterator<String> li = list.listIterator(1);
    assertEquals("c", li.next());
    li.set("C");
    li.add("c2");
    assertEquals(List.of("b", "C", "c2", "d"), new ArrayList<>(list));
    List<String> sub = list.subList(1, 3);
    assertEquals(List.of("C", "c2"), new ArrayList<>(sub));
    sub.clear();
    assertEquals(List.of("b", "d"), new ArrayList<>(list));
    Set<String> set = m.set();
    set.addAll(List.of("x", "y"));
    Iterator<String> si = set.iterator();
    String first = si.next();
    si.remove();
    assertFalse(set.contains(first));
    assertEquals(1, set.size());
  }

  /* --------------- arguments that are not serializable --------------- */

  @Test
  void nonSerializableCollectionArguments_areCopiedBeforeSending() {
    List<String> list = m.list();
    assertTrue(list.addAll(new MinimalCollection<>(List.of("a", "b", "c"))));
    assertTrue(list.addAll(keySetOf("d")));
    assertTrue(list.containsAll(keySetOf("a", "d")));
    assertTrue(list.containsAll(new MinimalCollection<>(List.of("b"))));
    assertTrue(list.removeAll(keySetOf("a")));
    assertTrue(list.retainAll(new MinimalCollection<>(List.of("b", "d"))));
    assertEquals(List.of("b", "d"), new ArrayList<>(list));
    Set<String> set = m.set();
    set.addAll(keySetOf("p", "q"));
    assertEquals(set, keySetOf("p", "q"));
    assertTrue(set.equals(keySetOf("q", "p")));
    Map<String, Integer> dict = m.dict();
    Map<String, Integer> plain = new HashMap<>(Map.of("k", 1));
    dict.putAll(java.util.Collections.unmodifiableMap(plain));
    assertEquals(Map.of("k", 1), new HashMap<>(dict));
  }

  @Test
  void equals_withANonCollection_isFalse_andWithAnEqualCollection_isTrue() {
    List<String> list = m.list();
    list.add("a");
    Set<String> set = m.set();
    set.add("a");
    Map<String, Integer> dict = m.dict();
    dict.put("a", 1);
    Object stranger = new Object();
    assertFalse(list.equals(stranger));
    assertFalse(set.equals(stranger));
    assertFalse(dict.equals(stranger));
    assertFalse(list.equals(set));
    assertTrue(list.equals(List.of("a")));
    assertTrue(set.equals(Set.of("a")));
    assertTrue(dict.equals(Map.of("a", 1)));
    assertEquals(List.of("a").hashCode(), list.hashCode());
    assertNotEquals(list, List.of("b"));
  }

  @Test
  void toArray_typed_honoursTheCallersArray() {
    List<String> list = m.list();
    list.addAll(List.of("a", "b", "c"));
    String[] roomy = {"z", "z", "z", "z", "z"};
    String[] got = list.toArray(roomy);
    assertSame(roomy, got);
    assertArrayEquals(new String[] {"a", "b", "c", null, "z"}, got);
    String[] small = list.toArray(new String[0]);
    assertEquals(String[].class, small.getClass());
    assertArrayEquals(new String[] {"a", "b", "c"}, small);
    CharSequence[] wider = list.toArray(new CharSequence[1]);
    assertEquals(CharSequence[].class, wider.getClass());
    assertEquals(3, list.toArray(String[]::new).length);
    Set<String> set = m.set();
    set.add("s");
    assertArrayEquals(new String[] {"s"}, set.toArray(new String[0]));
  }

  /* --------------- dict views --------------- */

  @Test
  void dictViews_writeThrough() {
    Map<String, Integer> d = m.dict();
    d.putAll(Map.of("a", 1, "b", 2, "c", 3, "e", 5));
    assertTrue(d.keySet().remove("a"));
    assertFalse(d.keySet().remove("a"));
    assertFalse(d.containsKey("a"));
    assertTrue(d.values().removeIf(v -> v == 2));
    assertFalse(d.containsKey("b"));
    for (Map.Entry<String, Integer> e : d.entrySet()) {
      if (e.getKey().equals("c")) {
        assertEquals(3, e.setValue(30));
      }
    }
    assertEquals(30, d.get("c"));
    Iterator<String> keys = d.keySet().iterator();
    while (keys.hasNext()) {
      if (keys.next().equals("c")) {
        keys.remove();
      }
    }
    assertEquals(Map.of("e", 5), new HashMap<>(d));
    d.put("f", 6);
    assertTrue(d.keySet().retainAll(keySetOf("f")));
    assertEquals(Map.of("f", 6), new HashMap<>(d));
    assertTrue(d.entrySet().remove(Map.entry("f", 6)));
    assertTrue(d.isEmpty());
    d.putAll(Map.of("x", 1, "y", 2));
    assertEquals(Set.of("x", "y"), Set.copyOf(d.keySet()));
    assertTrue(d.keySet().contains("x"));
    assertTrue(d.values().contains(2));
    assertTrue(d.entrySet().contains(Map.entry("y", 2)));
    assertEquals(2, d.entrySet().size());
    d.replaceAll((k, v) -> v * 10);
    assertEquals(Map.of("x", 10, "y", 20), new HashMap<>(d));
    d.keySet().clear();
    assertTrue(d.isEmpty());
  }

  @Test
  void dictDefaults_runInTheManager() {
    Map<String, Integer> d = m.dict();
    assertNull(d.putIfAbsent("k", 1));
    assertEquals(1, d.putIfAbsent("k", 2));
    assertFalse(d.remove("k", 2));
    assertTrue(d.replace("k", 1, 3));
    assertEquals(3, d.getOrDefault("k", 9));
    assertEquals(9, d.getOrDefault("nope", 9));
    assertEquals(4, d.merge("k", 1, Integer::sum));
    assertEquals(new LinkedHashMap<>(Map.of("k", 4)), new LinkedHashMap<>(d));
  }

  /* --------------- extreme timeouts --------------- */

  @Test
  @SuppressWarnings("WaitNotInLoop") // one await's outcome is what this checks
  void extremeTimeouts_saturateAsTheJdkDoes() throws Exception {
    MpQueue<String> q = m.queue();
    q.put("x");
    assertEquals("x", q.poll(Long.MAX_VALUE, TimeUnit.DAYS));
    assertNull(q.poll(Long.MIN_VALUE, TimeUnit.DAYS));
    assertNull(q.poll(Long.MIN_VALUE, TimeUnit.NANOSECONDS));
    assertTrue(q.offer("y", Long.MAX_VALUE, TimeUnit.DAYS));
    assertEquals("y", q.get(Duration.ofSeconds(Long.MAX_VALUE)));
    MpQueue<String> bounded = m.queue(1);
    bounded.put("a");
    assertFalse(bounded.offer("b", Long.MIN_VALUE, TimeUnit.DAYS));
    assertFalse(bounded.offer("b", Long.MIN_VALUE, TimeUnit.NANOSECONDS));

    MpLock lock = m.lock();
    assertTrue(lock.tryLock(Long.MAX_VALUE, TimeUnit.DAYS));
    AtomicReference<Object> other = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    other.set(lock.tryLock(Long.MIN_VALUE, TimeUnit.DAYS));
                  } catch (Throwable e) {
                    other.set(e);
                  }
                });
    t.join();
    assertEquals(false, other.get());
    lock.unlock();

    MpCondition cond = m.condition();
    cond.getLock().lock();
    try {
      assertFalse(cond.await(Long.MIN_VALUE, TimeUnit.DAYS));
      assertTrue(cond.awaitNanos(Long.MIN_VALUE) <= 0);
    } finally {
      cond.getLock().unlock();
    }
    Event e = m.event();
    e.set();
    assertTrue(e.await(Duration.ofSeconds(Long.MAX_VALUE)));
    MpSemaphore s = m.semaphore(1);
    assertTrue(s.acquire(Duration.ofSeconds(Long.MAX_VALUE)));
    assertFalse(s.acquire(Duration.ofSeconds(Long.MIN_VALUE)));
  }

  /* --------------- lock ownership --------------- */

  @Test
  @SuppressWarnings("LockNotBeforeTry") // held while another thread tries to release it
  void rLock_takenByOneVirtualThread_isNotReleasedByAnother() throws Exception {
    RLock lock = m.rLock();
    AtomicReference<Throwable> fromOther = new AtomicReference<>();
    Thread owner =
        Thread.ofVirtual()
            .start(
                () -> {
                  lock.lock();
                  Thread other =
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                try {
                                  assertFalse(lock.isHeldByCurrentThread());
                                  assertFalse(lock.tryLock());
                                  lock.unlock();
                                  fromOther.set(
                                      new AssertionError("another thread released the lock"));
                                } catch (Throwable t) {
                                  fromOther.set(t);
                                }
                              });
                  try {
                    other.join();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  assertTrue(lock.isHeldByCurrentThread());
                  lock.unlock();
                });
    owner.join();
    assertInstanceOf(
        IllegalMonitorStateException.class, fromOther.get(), () -> "got " + fromOther.get());
    assertTrue(lock.tryLock());
    lock.unlock();
  }

  @Test
  void locks_manyVirtualThreads_excludeEachOther() throws Exception {
    for (MpLock lock : List.of(m.lock(), m.rLock())) {
      Map<String, Integer> dict = m.dict();
      dict.put("n", 0);
      var failures = new ConcurrentLinkedQueue<Throwable>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        lock.lock();
                        try {
                          dict.put("n", dict.get("n") + 1);
                        } finally {
                          lock.unlock();
                        }
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }));
      }
      for (Thread t : threads) {
        assertTrue(t.join(Duration.ofSeconds(60)));
      }
      assertTrue(failures.isEmpty(), () -> "e.g. " + failures.peek());
      assertEquals(200, dict.get("n"));
    }
  }

  @Test
  void iterator_pastTheEnd_throwsNoSuchElement() {
    Collection<String> list = m.list();
    Iterator<String> it = list.iterator();
    assertThrows(NoSuchElementException.class, it::next);
    assertThrows(IllegalStateException.class, it::remove);
  }
}
