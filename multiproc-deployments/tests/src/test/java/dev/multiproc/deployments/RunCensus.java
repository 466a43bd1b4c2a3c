package dev.multiproc.deployments;

import dev.multiproc.testing.ProcessCensus;
import dev.multiproc.testing.ProcessStates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one launched application leaves behind: its processes, grandchildren included, and the
 * files of its family (shared-memory segments, socket directories, resource logs).
 *
 * <p>A process of the run is found by a mark: the environment variable {@value #MARK_ENV}, which
 * the launched process and everything it starts inherit, or the run's directory in its command
 * line (the run's {@code java.io.tmpdir}, which workers and the resource tracker are given). A
 * file is the run's if it is in the run's {@code java.io.tmpdir}, or is a new {@code /dev/shm} or
 * temporary-directory entry of the library's whose maker's pid no longer runs.
 */
final class RunCensus {
  /** The environment variable that marks every process of a run with the run's directory. */
  static final String MARK_ENV = "MULTIPROC_DEPLOYMENT_RUN";

  private static final Path SHM = Path.of("/dev/shm");

  /** The temporary directory of this JVM: where a worker's own socket directory would go. */
  private static final Path SYSTEM_TMP = Path.of(System.getProperty("java.io.tmpdir"));

  /** The first number in a library file's name: the pid of the process that made it. */
  private static final Pattern MAKER = Pattern.compile("^(?:mp|multiproc)-(?:[a-z]+-)?(\\d+)-");

  private final Path runDir;
  private final Path runTmp;
  private final byte[] envMark;
  private final Set<Path> before;

  private RunCensus(Path runDir, Path runTmp) {
    this.runDir = runDir;
    this.runTmp = runTmp;
    this.envMark = (MARK_ENV + "=" + runDir).getBytes(StandardCharsets.UTF_8);
    this.before = libraryFiles();
  }

  /**
   * Takes the census before a run: the library's files that exist now are not the run's.
   *
   * @param runDir the run's directory, its mark
   * @param runTmp the run's {@code java.io.tmpdir}, inside {@code runDir}
   * @return the census
   */
  static RunCensus before(Path runDir, Path runTmp) {
    return new RunCensus(runDir, runTmp);
  }

  /**
   * Waits until the run has left nothing behind, or {@code within} has passed.
   *
   * @param within how long the family may take to end (its resource tracker ends what is left)
   * @return what is still there, empty if nothing
   * @throws InterruptedException if interrupted
   */
  List<String> awaitNothingLeft(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      List<String> left = leftBehind();
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(50); // processes exit and the tracker removes files on its own schedule
    }
  }

  /** Kills what still runs of the run and removes its files, so the next run starts clean. */
  void clean() throws InterruptedException {
    Set<Long> pids = processes();
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    ProcessCensus.awaitAllGone(pids, Duration.ofSeconds(10));
    for (Path file : files()) {
      deleteTree(file);
    }
  }

  private List<String> leftBehind() {
    List<String> left = new ArrayList<>();
    Set<Long> pids = processes();
    if (!pids.isEmpty()) {
      left.add("processes " + ProcessCensus.describeRunning(pids));
    }
    List<Path> files = files();
    if (!files.isEmpty()) {
      left.add("files " + files);
    }
    return left;
  }

  /** The running processes of the run. */
  Set<Long> processes() {
    byte[] pathBytes = runDir.toString().getBytes(StandardCharsets.UTF_8);
    Set<Long> pids = new TreeSet<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path p : proc) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid == ProcessHandle.current().pid()) {
          continue;
        }
        if ((hasEntry(read(p.resolve("environ")), envMark)
                || indexOf(read(p.resolve("cmdline")), pathBytes) >= 0)
            && ProcessStates.running(pid)) {
          pids.add(pid);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
    return pids;
  }

  /** The run's files: anything in its temporary directory, and its new library files. */
  private List<Path> files() {
    List<Path> files = new ArrayList<>(list(runTmp));
    for (Path file : libraryFiles()) {
      if (!before.contains(file) && !madeByALiveProcess(file)) {
        files.add(file);
      }
    }
    return files;
  }

  private static Set<Path> libraryFiles() {
    Set<Path> files = new TreeSet<>();
    for (Path dir : List.of(SHM, SYSTEM_TMP)) {
      for (Path file : list(dir)) {
        String name = file.getFileName().toString();
        if (name.startsWith("mp-") || name.startsWith("multiproc-")) {
          files.add(file);
        }
      }
    }
    return files;
  }

  /** Whether the process named in the file's name still runs: another user of the library. */
  private static boolean madeByALiveProcess(Path file) {
    Matcher m = MAKER.matcher(file.getFileName().toString());
    return m.find() && ProcessStates.running(Long.parseLong(m.group(1)));
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.toList();
    } catch (IOException e) {
      return List.of(); // removed while listing
    }
  }

  private static void deleteTree(Path path) {
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // gone already, or another user's: the census reports what it could not remove
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException | SecurityException e) {
      return new byte[0]; // gone, or another user's
    }
  }

  /** Whether the NUL-separated {@code entries} hold exactly {@code entry}. */
  private static boolean hasEntry(byte[] entries, byte[] entry) {
    int start = 0;
    for (int i = 0; i <= entries.length; i++) {
      if (i == entries.length || entries[i] == 0) {
        if (i - start == entry.length
            && java.util.Arrays.equals(entries, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
