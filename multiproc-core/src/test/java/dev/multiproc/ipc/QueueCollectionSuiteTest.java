package dev.multiproc.ipc;

import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.NoLeaksExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guava testlib's queue suite ({@link QueueCollectionSuite}) against the local queue (shared
 * memory), bounded and not, and the threads queue: an {@link MpQueue} is a real collection.
 */
@ExtendWith(NoLeaksExtension.class)
class QueueCollectionSuiteTest {

  @TestFactory
  Stream<DynamicTest> localQueue() {
    return QueueCollectionSuite.tests("local MpQueue", () -> Multiprocessing.local().queue());
  }

  @TestFactory
  Stream<DynamicTest> localBoundedQueue() {
    return QueueCollectionSuite.tests(
        "local MpQueue maxsize 10", () -> Multiprocessing.local().queue(10));
  }

  @TestFactory
  Stream<DynamicTest> threadsQueue() {
    return QueueCollectionSuite.tests("threads MpQueue", () -> Multiprocessing.threads().queue());
  }
}
