package com.example.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A test of the project that uses the library: a pool maps a lambda capturing an object of a test
 * class and a method reference to the project's class, and a child process sends the project's
 * records through a queue. It prints the RESULT line of the deployment matrix.
 *
 * <p>The pom says how surefire runs it, in the property {@code deployment.setup}; {@link
 * #runsWhereTheBuildSays} checks that it runs so.
 */
class WorkTest {
  /** A factor the lambda captures: a test class, which travels to the worker with the lambda. */
  record Scale(int factor) implements Serializable {
    int apply(int x) {
      return x * factor + 1;
    }
  }

  @Test
  void runsWhereTheBuildSays() {
    String setup = System.getProperty("deployment.setup", "");
    String classPath = System.getProperty("java.class.path", "");
    switch (setup) {
      case "in-process" -> {
        // Maven's own JVM, whose class path is Maven's launcher; the test from surefire's loader
        assertTrue(classPath.contains("plexus-classworlds"), "java.class.path: " + classPath);
        assertNotSame(ClassLoader.getSystemClassLoader(), WorkTest.class.getClassLoader());
      }
      case "patch-module" -> {
        // the test class is in the project's module, patched in beside the main class
        assertEquals("com.example.user", WorkTest.class.getModule().getName());
        assertSame(Work.class.getModule(), WorkTest.class.getModule());
      }
      default -> fail("the property deployment.setup is \"" + setup + "\"");
    }
  }

  @Test
  void runsOnWorkers() throws InterruptedException {
    Context mp = Multiprocessing.local();
    var pids = new TreeSet<Long>();
    List<Work.Made> lambda;
    List<Work.Made> ref;
    var parts = new ArrayList<Work.Made>();
    try (MpQueue<Work.Made> queue = mp.queue()) {
      ChildProcess child = mp.process(Work::produce, queue).start();
      try (Pool pool = mp.pool(2)) {
        Scale scale = new Scale(10);
        lambda = pool.map(x -> Work.Made.here(scale.apply(x)), List.of(1, 2, 3));
        ref = pool.map(Work::square, List.of(1, 2, 3));
      }
      for (int i = 0; i < Work.PARTS; i++) {
        parts.add(queue.get(Duration.ofSeconds(60)));
      }
      child.join();
      assertEquals(0, child.exitCode().orElse(-1), "the child's exit code");
      child.close();
    }
    lambda.forEach(m -> pids.add(m.pid()));
    ref.forEach(m -> pids.add(m.pid()));
    parts.forEach(m -> pids.add(m.pid()));
    String result =
        "RESULT lambda="
            + lambda.stream().map(Work.Made::value).toList()
            + " ref="
            + ref.stream().map(Work.Made::value).toList()
            + " queue="
            + parts.stream().map(Work.Made::value).toList()
            + " elsewhere="
            + !pids.contains(ProcessHandle.current().pid());
    System.out.println(result);
    assertEquals(
        "RESULT lambda=[11, 21, 31] ref=[1, 4, 9] queue=[part-0, part-1, part-2] elsewhere=true",
        result);
  }
}
