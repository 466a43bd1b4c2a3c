package dev.multiproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.process.ProcessInfo;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pool's JFR events, recorded while a real pool runs a map with one failing item. */
@ExtendWith(NoLeaksExtension.class)
class JfrEventsTest {
  private static final List<String> NAMES =
      List.of(
          "TaskSubmitted",
          "TaskStarted",
          "TaskEnded",
          "TaskFailed",
          "WorkerStarted",
          "WorkerExited");

  /** Returns x, or throws for 3. */
  static int failOnThree(int x) {
    if (x == 3) {
      throw new IllegalArgumentException("three is not allowed");
    }
    return x;
  }

  @Test
  void mapWithOneFailure_andAWorkerDeath_recordTheirEvents() throws Exception {
    List<RecordedEvent> events;
    Set<Long> pids;
    long halted;
    Path file = Files.createTempFile("multiproc-jfr-test", ".jfr");
    try (var recording = new Recording()) {
      NAMES.forEach(n -> recording.enable("dev.multiproc." + n));
      recording.start();
      // a JVM option unlike the defaults, so the workers are launched now, not taken from spares;
      // fresh workers, so that they exit at close instead of being kept for the next pool
      var options =
          PoolOptions.of(2)
              .withJvm(JvmOptions.defaults().withSystemProperty("jfr.test", "yes"))
              .withFreshWorkers(true);
      try (Pool pool = Multiprocessing.local().pool(options)) {
        var e =
            assertThrows(
                IllegalArgumentException.class,
                () -> pool.map(JfrEventsTest::failOnThree, List.of(1, 2, 3, 4, 5, 6), 1));
        assertEquals("three is not allowed", e.getMessage());
        halted =
            assertThrows(WorkerDiedException.class, () -> pool.apply(TestTasks::halt, 1)).pid();
        assertEquals(List.of(2, 3), pool.map(TestTasks::inc, List.of(1, 2), 1));
        pids = pool.workers().stream().map(ProcessInfo::pid).collect(Collectors.toSet());
      }
      // close() has waited for the workers to exit; their exit events come from the JDK's
      // process reaper right then: the recording stops once it holds them all
      Set<Long> exits = new java.util.HashSet<>(pids);
      exits.add(halted);
      awaitExitEvents(recording, file, exits);
      recording.stop();
      recording.dump(file);
      events = RecordingFile.readAllEvents(file);
    } finally {
      Files.deleteIfExists(file);
    }
    String all = events.stream().map(JfrEventsTest::brief).collect(Collectors.joining("\n"));

    // 6 + 1 + 2 tasks were submitted, sent to a worker, and 7 answered
    assertTrue(count(events, "TaskSubmitted") >= 9, all);
    assertTrue(count(events, "TaskStarted") >= 9, all);
    List<RecordedEvent> ended = of(events, "TaskEnded");
    assertTrue(ended.size() >= 7, all);
    for (RecordedEvent ev : ended) {
      assertTrue(ev.getLong("pid") > 0, all);
      assertTrue(ev.getString("worker").startsWith("PoolWorker-"), all);
      assertFalse(ev.getDuration().isNegative(), all);
      assertTrue(ev.getLong("resultSize") > 0, all);
    }
    // the task that threw, with its exception; the one whose worker died, with the death
    List<RecordedEvent> failed = of(events, "TaskFailed");
    assertTrue(
        failed.stream()
            .anyMatch(
                ev ->
                    ev.getString("reason").equals("exception")
                        && ev.getString("exceptionClass")
                            .equals(IllegalArgumentException.class.getName())
                        && ev.getString("message").contains("three is not allowed")
                        && ev.getLong("pid") > 0),
        all);
    assertTrue(
        failed.stream()
            .anyMatch(
                ev ->
                    ev.getString("reason").equals("worker died")
                        && ev.getString("exceptionClass")
                            .equals(WorkerDiedException.class.getName())),
        all);

    // the workers: started (not spares, with a start-up time), and exited: one killed itself
    // with code 7, the others at close with 0
    List<RecordedEvent> started = of(events, "WorkerStarted");
    // the two first workers; the halted one's replacement may still be starting when close()
    // returns (close does not wait for a JVM on its way), so it is not counted on
    assertTrue(started.size() >= 2, all);
    assertTrue(
        started.stream()
            .anyMatch(
                ev ->
                    !ev.getBoolean("spare")
                        && ev.getDuration().toMillis() > 0
                        && pids.contains(ev.getLong("pid"))),
        all);
    List<RecordedEvent> exited = of(events, "WorkerExited");
    assertTrue(
        exited.stream()
            .anyMatch(
                ev ->
                    ev.getLong("pid") == halted
                        && ev.getInt("exitCode") == 7
                        && ev.getString("status").equals("Exited[code=7]")),
        all);
    for (long pid : pids) {
      assertTrue(
          exited.stream()
              .anyMatch(
                  ev ->
                      ev.getLong("pid") == pid
                          && ev.getInt("exitCode") == 0
                          && ev.getDuration("lifetime").toMillis() > 0),
          all);
    }
    // every event carries the multiproc category
    for (RecordedEvent ev : events) {
      assertEquals("multiproc", ev.getEventType().getCategoryNames().getFirst(), brief(ev));
    }
  }

  /** Dumps the running recording until it holds a WorkerExited event for each of {@code pids}. */
  private static void awaitExitEvents(Recording recording, Path file, Set<Long> pids)
      throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (true) {
      recording.dump(file);
      Set<Long> exited =
          of(RecordingFile.readAllEvents(file), "WorkerExited").stream()
              .map(ev -> ev.getLong("pid"))
              .collect(Collectors.toSet());
      if (exited.containsAll(pids)) {
        return;
      }
      assertTrue(
          System.nanoTime() - deadline < 0,
          "no WorkerExited event within 30 s for " + pids + "; recorded: " + exited);
      Thread.sleep(50); // a recording has no event to wait on: dumped a bit apart
    }
  }

  private static String name(RecordedEvent ev) {
    return ev.getEventType().getName().substring("dev.multiproc.".length());
  }

  private static List<RecordedEvent> of(List<RecordedEvent> events, String name) {
    return events.stream().filter(ev -> name(ev).equals(name)).toList();
  }

  private static long count(List<RecordedEvent> events, String name) {
    return of(events, name).size();
  }

  private static String brief(RecordedEvent ev) {
    return name(ev)
        + ev.getFields().stream()
            .map(f -> f.getName() + "=" + ev.getValue(f.getName()))
            .collect(Collectors.joining(", ", "[", "]"))
        + " "
        + ev.getDuration();
  }
}
