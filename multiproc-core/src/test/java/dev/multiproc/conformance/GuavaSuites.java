package dev.multiproc.conformance;

import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.QueueTestSuiteBuilder;
import com.google.common.collect.testing.SetTestSuiteBuilder;
import com.google.common.collect.testing.TestStringListGenerator;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.TestStringQueueGenerator;
import com.google.common.collect.testing.TestStringSetGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.Feature;
import com.google.common.collect.testing.features.ListFeature;
import com.google.common.collect.testing.features.MapFeature;
import com.google.common.collect.testing.features.SetFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Supplier;
import junit.framework.TestSuite;

/**
 * Guava testlib's collection suites over a backend's objects. Each suite gets a supplier of new,
 * empty objects; the generator fills them with the suite's samples. The features declared are
 * the ones the JDK interface promises for a modifiable object of that kind (a map that supports
 * {@code put} and {@code remove} has views that remove, as {@link Map#keySet()} says) plus what
 * the backend documents (nulls where its storage allows them): a test of a promise the object
 * breaks fails, and is listed with the reason.
 */
public final class GuavaSuites {
  private GuavaSuites() {}

  /*
   * SERIALIZABLE is left out: it doubles each suite with "reserialized" copies, which for a
   * proxy only re-run the same calls through a second proxy to the same object.
   */

  /** The features of a modifiable map whose storage allows null keys and values. */
  public static final List<Feature<?>> NULL_FRIENDLY_MAP =
      List.of(
          MapFeature.GENERAL_PURPOSE,
          MapFeature.ALLOWS_NULL_KEYS,
          MapFeature.ALLOWS_NULL_VALUES,
          MapFeature.ALLOWS_ANY_NULL_QUERIES,
          CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
          CollectionSize.ANY);

  /** The features of a modifiable list that allows nulls. */
  public static final List<Feature<?>> NULL_FRIENDLY_LIST =
      List.of(
          ListFeature.GENERAL_PURPOSE,
          CollectionFeature.ALLOWS_NULL_VALUES,
          CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
          CollectionSize.ANY);

  /** The features of a modifiable set that allows null. */
  public static final List<Feature<?>> NULL_FRIENDLY_SET =
      List.of(
          SetFeature.GENERAL_PURPOSE,
          CollectionFeature.ALLOWS_NULL_VALUES,
          CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
          CollectionSize.ANY);

  /**
   * The features of a {@link java.util.concurrent.BlockingQueue}: FIFO, no nulls, add and remove.
   * Its iterator need not support {@code remove}; without the feature the suite checks that it
   * refuses it, so an iterator over a copy cannot accept a removal that goes nowhere. (The JDK's
   * {@code LinkedBlockingQueue} passes all but the two cases that check the refusal.)
   */
  public static final List<Feature<?>> BLOCKING_QUEUE =
      List.of(
          CollectionFeature.SUPPORTS_ADD,
          CollectionFeature.SUPPORTS_REMOVE,
          CollectionFeature.KNOWN_ORDER,
          CollectionSize.ANY);

  /**
   * Remembers what a suite's generator made, so that the run closes it after each case.
   *
   * @param <T> what is made
   */
  public static final class Made<T> implements Runnable {
    private final List<T> made = Collections.synchronizedList(new ArrayList<>());
    private final java.util.function.Consumer<T> close;

    /**
     * Closes each made object with {@code close}.
     *
     * @param close how to close one
     */
    public Made(java.util.function.Consumer<T> close) {
      this.close = close;
    }

    T add(T object) {
      made.add(object);
      return object;
    }

    /** Closes what was made since the last call. */
    @Override
    public void run() {
      List<T> copy;
      synchronized (made) {
        copy = new ArrayList<>(made);
        made.clear();
      }
      copy.forEach(close);
    }
  }

  /** A map suite over maps from {@code maps}. */
  public static TestSuite map(
      String name, Supplier<Map<String, String>> maps, List<Feature<?>> features) {
    return MapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> map = maps.get();
                for (Map.Entry<String, String> e : entries) {
                  map.put(e.getKey(), e.getValue());
                }
                return map;
              }
            })
        .named(name)
        .withFeatures(features)
        .createTestSuite();
  }

  /** A list suite over lists from {@code lists}. */
  public static TestSuite list(
      String name, Supplier<List<String>> lists, List<Feature<?>> features) {
    return list(name, lists, features, List.of());
  }

  /**
   * A list suite over lists from {@code lists}, without the {@code suppressed} tester methods.
   *
   * @param name the suite's name
   * @param lists makes empty lists
   * @param features what the lists do
   * @param suppressed tester methods left out
   * @return the suite
   */
  public static TestSuite list(
      String name,
      Supplier<List<String>> lists,
      List<Feature<?>> features,
      java.util.Collection<java.lang.reflect.Method> suppressed) {
    return ListTestSuiteBuilder.using(
            new TestStringListGenerator() {
              @Override
              protected List<String> create(String[] elements) {
                List<String> list = lists.get();
                Collections.addAll(list, elements);
                return list;
              }
            })
        .named(name)
        .withFeatures(features)
        .suppressing(suppressed)
        .createTestSuite();
  }

  /** A set suite over sets from {@code sets}. */
  public static TestSuite set(String name, Supplier<Set<String>> sets, List<Feature<?>> features) {
    return SetTestSuiteBuilder.using(
            new TestStringSetGenerator() {
              @Override
              protected Set<String> create(String[] elements) {
                Set<String> set = sets.get();
                Collections.addAll(set, elements);
                return set;
              }
            })
        .named(name)
        .withFeatures(features)
        .createTestSuite();
  }

  /** A queue suite over queues from {@code queues}. */
  public static TestSuite queue(
      String name, Supplier<? extends Queue<String>> queues, List<Feature<?>> features) {
    return QueueTestSuiteBuilder.using(
            new TestStringQueueGenerator() {
              @Override
              protected Queue<String> create(String[] elements) {
                Queue<String> queue = queues.get();
                Collections.addAll(queue, elements);
                return queue;
              }
            })
        .named(name)
        .withFeatures(features)
        .createTestSuite();
  }
}
