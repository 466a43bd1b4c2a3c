package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.Pool;
import java.util.List;
import org.example.app.AppTasks;
import org.example.app.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Code that ships itself: a member JVM started without this module's test classes (the
 * "application jar") runs tasks written in them, with their value classes, the classes they only
 * name in their code, and their resources, all loaded from the caller on first use.
 */
@Timeout(120)
class ClusterCodeShippingTest {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        TestCluster.start(ClusterCodeShippingTest.class, TestCluster.classPathWithoutTests(), 1);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aTaskOfTheCallersClasses_runs_andItsResultOfACallersClassComesBack() throws Exception {
    try (Pool pool = cluster.client.pool(1)) {
      // the method reference's class, AppTasks, the Point result (decoded on the member too)
      // and AppMath, which the task only names in its code: none is on the member
      assertEquals(
          List.of(new Point(2, 4), new Point(3, 9)), pool.map(AppTasks::pointOf, List.of(2, 3)));
      // loaded through the worker's loader of its caller's classes, not its class path
      String loader = pool.apply(AppTasks::loader, 0);
      assertNotEquals(ClassLoader.getSystemClassLoader().getName(), loader);
    }
  }

  @Test
  void aLambdaWrittenInTheCallersClass_runs() throws Exception {
    SerializableFunction<Integer, Point> task = x -> new Point(-x, x);
    try (Pool pool = cluster.client.pool(1)) {
      assertEquals(new Point(-5, 5), pool.apply(task, 5));
    }
  }

  @Test
  void aResourceBesideTheCallersClass_isShippedToo_andAMissingOneIsAbsent() throws Exception {
    try (Pool pool = cluster.client.pool(1)) {
      assertEquals("hello from the caller", pool.apply(AppTasks::resource, "greeting.txt"));
      assertEquals("absent", pool.apply(AppTasks::resource, "no-such-file.txt"));
    }
  }
}
