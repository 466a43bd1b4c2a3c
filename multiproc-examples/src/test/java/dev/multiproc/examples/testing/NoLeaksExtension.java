package dev.multiproc.examples.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.spawn.SpareWorkers;
import dev.multiproc.internal.spawn.SpawnDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A copy of multiproc-core's test extension of the same name. Fails a test class that leaves child processes, socket files or shared-memory segments behind.
 * Warm spare workers are the one long-lived helper a test may leave: they are not counted.
 */
public final class NoLeaksExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Namespace NAMESPACE = Namespace.create(NoLeaksExtension.class);

  private record Snapshot(Set<Long> children, Set<String> files) {
    static Snapshot take() throws IOException {
      Set<Long> children =
          ProcessHandle.current()
              .descendants()
              .filter(h -> ProcessStates.running(h.pid()))
              .filter(h -> !ResourceTracker.isTracker(h))
              .map(ProcessHandle::pid)
              .filter(pid -> !SpareWorkers.get().isSpare(pid))
              .collect(Collectors.toSet());
      Set<String> files = new HashSet<>();
      try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
        shm.map(p -> "/dev/shm/" + p.getFileName())
            .filter(name -> name.contains("multiproc") || name.startsWith("/dev/shm/mp-"))
            .filter(name -> !madeByAnotherLiveProcess(name))
            .forEach(files::add);
      }
      try (Stream<Path> sockets = Files.list(SpawnDirectory.get().path())) {
        sockets.map(Path::toString).forEach(files::add);
      }
      return new Snapshot(children, files);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    context.getStore(NAMESPACE).put("before", Snapshot.take());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Snapshot before = context.getStore(NAMESPACE).get("before", Snapshot.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Snapshot after = Snapshot.take();
    while ((!before.children().containsAll(after.children())
            || !before.files().containsAll(after.files()))
        && System.nanoTime() < deadline) {
      Thread.sleep(50); // give exiting workers a moment before calling them leaks
      after = Snapshot.take();
    }
    Set<Long> children = new HashSet<>(after.children());
    children.removeAll(before.children());
    Set<String> files = new HashSet<>(after.files());
    files.removeAll(before.files());
    assertTrue(children.isEmpty(), () -> "dangling processes: " + describe(children));
    assertTrue(files.isEmpty(), () -> "dangling files: " + files);
  }

  /**
   * Whether a segment named {@code mp-<pid>-…} belongs to a live process that is neither this
   * JVM nor one of its descendants: another test run on the same machine, not our leak.
   */
  private static boolean madeByAnotherLiveProcess(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    String[] parts = name.split("-");
    if (parts.length < 3 || !parts[0].equals("mp")) {
      return false;
    }
    try {
      long pid = Long.parseLong(parts[1]);
      ProcessHandle me = ProcessHandle.current();
      return pid != me.pid()
          && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
          && me.descendants().noneMatch(h -> h.pid() == pid);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(Set<Long> pids) {
    return pids.stream()
        .map(pid -> pid + " " + ProcessHandle.of(pid)
            .flatMap(h -> h.info().commandLine()).orElse("?"))
        .collect(Collectors.joining("; "));
  }
}
