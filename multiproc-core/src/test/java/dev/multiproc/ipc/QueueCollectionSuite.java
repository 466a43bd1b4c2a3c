package dev.multiproc.ipc;

import com.google.common.collect.testing.QueueTestSuiteBuilder;
import com.google.common.collect.testing.TestStringQueueGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Supplier;
import java.util.stream.Stream;
import junit.framework.TestCase;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicTest;

/**
 * Guava testlib's queue suite (every {@link java.util.Collection} and {@link Queue} tester) as
 * JUnit 5 dynamic tests, for any backend's {@link MpQueue}: the features of {@link
 * java.util.concurrent.LinkedBlockingQueue} but its own {@code toString} (the queue's name and
 * size, not its items).
 */
public final class QueueCollectionSuite {
  private QueueCollectionSuite() {}

  /**
   * Returns the suite's tests for queues from {@code make} (a bounded one will do: the suite
   * holds a few items at most). Each test closes the queues it made.
   *
   * @param name the suite's name
   * @param make makes an empty queue
   * @return the tests
   */
  public static Stream<DynamicTest> tests(String name, Supplier<MpQueue<String>> make) {
    List<MpQueue<String>> made = new ArrayList<>();
    TestSuite suite =
        QueueTestSuiteBuilder.using(
                new TestStringQueueGenerator() {
                  @Override
                  protected Queue<String> create(String[] elements) {
                    MpQueue<String> q = make.get();
                    made.add(q);
                    for (String e : elements) {
                      q.add(e);
                    }
                    return q;
                  }
                })
            .named(name)
            .withFeatures(
                CollectionFeature.GENERAL_PURPOSE,
                CollectionFeature.KNOWN_ORDER,
                CollectionFeature.NON_STANDARD_TOSTRING,
                CollectionSize.ANY)
            .createTestSuite();
    List<TestCase> cases = new ArrayList<>();
    flatten(suite, cases);
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(),
                    () -> {
                      try {
                        c.runBare();
                      } finally {
                        for (MpQueue<String> q : made) {
                          q.close();
                        }
                        made.clear();
                      }
                    }));
  }

  private static void flatten(junit.framework.Test test, List<TestCase> out) {
    if (test instanceof TestCase c) {
      out.add(c);
    } else if (test instanceof TestSuite s) {
      for (int i = 0; i < s.testCount(); i++) {
        flatten(s.testAt(i), out);
      }
    }
  }
}
