package dev.multiproc.faults;

import static dev.multiproc.faults.Faults.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.internal.footprint.Footprint;
import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A caller SIGKILLed with a pool, a manager, queues, locks, a listener and a child alive
 * ({@link CallerMain}): everything it started and made is gone within a bound, with no help from
 * it. Its processes (grandchildren of this JVM) exit within {@link #PROCESSES_GONE}; its resource
 * tracker then removes its segments within {@link #SEGMENTS_GONE}.
 */
@ExtendWith(NoLeaksExtension.class)
class CallerFaultTest {
  /** Orphaned workers exit within a second; the bound leaves room for a busy machine. */
  static final java.time.Duration PROCESSES_GONE = java.time.Duration.ofSeconds(5);

  /** The tracker polls the family every 200 ms, then removes what is left. */
  static final java.time.Duration SEGMENTS_GONE = java.time.Duration.ofSeconds(10);

  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

  /** What a started caller made: its processes, segments and library directories. */
  private record Family(
      Process caller,
      Set<Long> processes,
      Set<Long> trackers,
      Set<String> segments,
      Set<Path> directories) {}

  private static Set<String> segments() throws IOException {
    try (Stream<Path> files = Files.list(Segment.DIRECTORY)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("mp-"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Set<Path> directories() throws IOException {
    try (Stream<Path> files = Files.list(TMP)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("multiproc-"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Process java(String arg) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            CallerMain.class.getName(),
            arg)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static Family startCaller() throws Exception {
    Set<String> segmentsBefore = segments();
    Set<Path> directoriesBefore = directories();
    Process caller = java("live");
    var out =
        new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8));
    String ready =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return out.readLine();
                  } catch (IOException e) {
                    return "failed: " + e;
                  }
                })
            .get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    assertTrue(ready != null && ready.startsWith("ready"), "caller said: " + ready);
    List<ProcessHandle> descendants = caller.toHandle().descendants().toList();
    Set<Long> trackers =
        descendants.stream()
            .filter(ResourceTracker::isTracker)
            .map(ProcessHandle::pid)
            .collect(Collectors.toSet());
    Set<Long> processes =
        descendants.stream()
            .map(ProcessHandle::pid)
            .filter(pid -> !trackers.contains(pid) && Footprint.running(pid))
            .collect(Collectors.toSet());
    Set<String> segments = segments();
    segments.removeAll(segmentsBefore);
    Set<Path> directories = directories();
    directories.removeAll(directoriesBefore);
    // two pool workers, the manager and the child at least (and a warm spare)
    assertTrue(processes.size() >= 4, () -> "caller's processes: " + processes);
    assertEquals(1, trackers.size(), () -> "caller's trackers: " + trackers);
    assertTrue(segments.size() >= 4, () -> "caller's segments: " + segments);
    assertTrue(directories.size() >= 2, () -> "caller's directories: " + directories);
    return new Family(caller, processes, trackers, segments, directories);
  }

  private static Set<String> left(Set<String> segments) {
    return segments.stream()
        .filter(s -> Files.exists(Segment.DIRECTORY.resolve(s)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<Path> leftDirectories(Set<Path> directories) {
    return directories.stream()
        .filter(Files::exists)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<Long> running(Set<Long> pids) {
    return pids.stream().filter(Footprint::running).collect(Collectors.toSet());
  }

  @Test
  void callerKilled_itsProcessesThenItsSegmentsAreGoneWithinBounds() throws Exception {
    Family f = startCaller();
    long at = System.nanoTime();
    f.caller().toHandle().destroyForcibly();
    assertTrue(f.caller().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
    Faults.await(
        () -> running(f.processes()).isEmpty(),
        PROCESSES_GONE,
        () ->
            "still running "
                + PROCESSES_GONE
                + " after the caller was killed: "
                + running(f.processes()));
    Faults.report(
        "caller SIGKILLed: its " + f.processes().size() + " processes gone after",
        Faults.millisSince(at));
    Faults.await(
        () -> left(f.segments()).isEmpty(),
        SEGMENTS_GONE,
        () ->
            "segments left "
                + SEGMENTS_GONE
                + " after the caller was killed: "
                + left(f.segments()));
    Faults.report(
        "caller SIGKILLed: its " + f.segments().size() + " segments gone after",
        Faults.millisSince(at));
    Faults.await(
        () -> running(f.trackers()).isEmpty(),
        SEGMENTS_GONE,
        () -> "the tracker did not finish: " + f.trackers());
    // the documented fallback for socket directories: the next program's start sweeps them
    Process next = java("sweep");
    assertTrue(next.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, next.exitValue());
    Faults.await(
        () -> leftDirectories(f.directories()).isEmpty(),
        WAIT,
        () -> "directories left after the next start: " + leftDirectories(f.directories()));
  }

  @Test
  void callerKilled_itsSocketFilesAreGoneWithinABound_withoutALaterProgram() throws Exception {
    Family f = startCaller();
    long at = System.nanoTime();
    f.caller().toHandle().destroyForcibly();
    assertTrue(f.caller().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
    Faults.await(
        () -> leftDirectories(f.directories()).isEmpty(),
        SEGMENTS_GONE,
        () ->
            "directories left "
                + SEGMENTS_GONE
                + " after the caller was killed: "
                + leftDirectories(f.directories()));
    Faults.report("caller SIGKILLed: its socket directories gone after", Faults.millisSince(at));
  }
}
