package dev.multiproc.internal.footprint;

import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.shm.Segment;
import dev.multiproc.internal.spawn.SpareWorkers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What this process and its family hold at one moment, for leak checks: compare a footprint
 * taken before some work with one taken after ({@link #growthSince}).
 *
 * <ul>
 *   <li><b>processes</b>: every running descendant (children, grandchildren, …), and every
 *       running process whose environment carries this process's {@value #MARK} value: that is
 *       how a grandchild re-parented to init after its parent died is still found. Zombies do not
 *       count (an orphan's zombie stays one where PID 1 does not reap), nor do resource trackers
 *       (they outlive their family by design) and warm spare workers.
 *   <li><b>files</b>: segments in {@code /dev/shm} ({@code mp-*}, {@code *multiproc*}) and the
 *       entries of the library's directories in {@code java.io.tmpdir} ({@code multiproc-<pid>-*}:
 *       rendezvous and listener sockets; {@code multiproc-res-<pid>-*}: a family's resource logs),
 *       except those of a live process outside the family (another program on the machine) and
 *       this family's own resource log, which lives as long as the family.
 *   <li><b>fds</b>: this JVM's open file descriptors by kind ({@code socket}, {@code pipe}, an
 *       anonymous inode's name, or a path), without the JDK's own files (its modules and jars,
 *       opened once as classes load), the family's resource log and {@code /proc}.
 *   <li><b>threads</b>: the library's platform threads ({@code multiproc-*}, {@code
 *       ThreadPool-*}), counted by name with the numbers replaced by {@code #}.
 * </ul>
 *
 * <p>Tolerance: none, except that the library's JVM-wide singleton threads ({@link #SINGLETONS})
 * may appear once, since they start lazily on first use and then live as long as the JVM.
 * Virtual threads are not counted: they hold no OS thread while they wait, and the JDK does not
 * list them.
 *
 * @param processes pid → command line
 * @param files segment and socket file paths
 * @param fds open file descriptors by kind → how many
 * @param threads library threads by name pattern → how many
 */
public record Footprint(
    Map<Long, String> processes,
    Set<String> files,
    Map<String, Integer> fds,
    Map<String, Integer> threads) {

  /**
   * The environment variable that marks a process family for leak checks: a process whose
   * environment has this variable with the value this process has belongs to the family even
   * after it was re-parented. Set it before starting the JVM (the build does for tests).
   */
  public static final String MARK = "MULTIPROC_LEAK_MARK";

  /** Library threads that exist once per JVM from their first use on. */
  public static final Set<String> SINGLETONS =
      Set.of("multiproc-task-deadlines", "multiproc-pool-cleaner", "multiproc-progress");

  private static final Path PROC = Path.of("/proc");
  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
  private static final String JAVA_HOME = System.getProperty("java.home");
  private static final long SELF = ProcessHandle.current().pid();
  private static final java.time.Instant JVM_START =
      ProcessHandle.current().info().startInstant().orElse(java.time.Instant.EPOCH);

  /** The family's resource log, opened once on first use and kept as long as the family. */
  private static final String OWN_LOG = ResourceTracker.directory().toString();

  /** Copies the collections: a footprint does not change. */
  public Footprint {
    processes = Map.copyOf(processes);
    files = Set.copyOf(files);
    fds = Map.copyOf(fds);
    threads = Map.copyOf(threads);
  }

  /**
   * Takes the footprint of this process and its family now.
   *
   * @return the footprint
   */
  public static Footprint take() {
    Map<Long, String> processes = listProcesses();
    Set<Long> family = new HashSet<>(processes.keySet());
    family.add(SELF);
    return new Footprint(processes, listFiles(family), countFds(), countThreads());
  }

  /**
   * Describes what this footprint holds that {@code before} did not: one line per kind of leak.
   *
   * @param before the footprint taken before
   * @return the leaks; empty if nothing grew
   */
  public List<String> growthSince(Footprint before) {
    List<String> leaks = new ArrayList<>();
    String procs =
        processes.entrySet().stream()
            .filter(e -> !before.processes.containsKey(e.getKey()))
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining("; "));
    if (!procs.isEmpty()) {
      leaks.add("processes: " + procs);
    }
    Set<String> newFiles = new TreeSet<>(files);
    newFiles.removeAll(before.files);
    if (!newFiles.isEmpty()) {
      leaks.add("files: " + newFiles);
    }
    String fdGrowth = grown(before.fds, fds, Set.of());
    if (!fdGrowth.isEmpty()) {
      leaks.add("fds: " + fdGrowth);
    }
    String threadGrowth = grown(before.threads, threads, SINGLETONS);
    if (!threadGrowth.isEmpty()) {
      leaks.add("threads: " + threadGrowth);
    }
    return leaks;
  }

  /**
   * Takes footprints until nothing grew since {@code before} or {@code within} has passed: what
   * ends asynchronously (a killed worker's exit, its reader thread, a tracker's clean-up) gets
   * that long before it counts as a leak, and while something grew the collector runs every
   * second, so that what only unreachable objects hold is released. What a reachable object
   * holds after it was closed, or what the collector never releases, stays a leak. Workers kept
   * for reuse are ended first ({@link SpareWorkers#releaseKept}), once those still starting for
   * a closed pool are up ({@link SpareWorkers#awaitPlacements}).
   *
   * @param before the footprint taken before
   * @param within how long to wait at most
   * @return the last footprint taken
   * @throws InterruptedException if interrupted
   */
  public static Footprint settle(Footprint before, Duration within) throws InterruptedException {
    // workers a closed pool left for reuse hold pipes, a socket and output threads here: they
    // are ended first (once those still starting for a closed pool are up), so that only what
    // nothing will use again is counted
    SpareWorkers.get().awaitPlacements(within.toMillis());
    SpareWorkers.get().releaseKept();
    long deadline = System.nanoTime() + within.toNanos();
    long nextCollection = System.nanoTime();
    Footprint now = take();
    while (!now.growthSince(before).isEmpty() && System.nanoTime() - deadline < 0) {
      if (System.nanoTime() - nextCollection >= 0) {
        // what nothing references any more is released by the collector (cleaners), as
        // CPython's reference counting releases it at once: give it that chance
        System.gc();
        nextCollection = System.nanoTime() + 1_000_000_000L;
      }
      Thread.sleep(50);
      SpareWorkers.get().releaseKept(); // one that finished starting for a closed pool meanwhile
      now = take();
    }
    return now;
  }

  private static String grown(
      Map<String, Integer> before, Map<String, Integer> after, Set<String> singletons) {
    return new TreeMap<>(after)
        .entrySet().stream()
            .filter(
                e -> {
                  int was = before.getOrDefault(e.getKey(), 0);
                  int allowed = singletons.contains(e.getKey()) ? Math.max(was, 1) : was;
                  return e.getValue() > allowed;
                })
            .map(e -> e.getKey() + " " + before.getOrDefault(e.getKey(), 0) + " -> " + e.getValue())
            .collect(Collectors.joining(", "));
  }

  /* --------------- processes --------------- */

  private static Map<Long, String> listProcesses() {
    Map<Long, String> found = new TreeMap<>();
    ProcessHandle.current()
        .descendants()
        .filter(h -> running(h.pid()))
        .forEach(h -> found.put(h.pid(), describe(h)));
    String mark = System.getenv(MARK);
    if (mark != null && !mark.isEmpty()) {
      Set<Long> ancestors = new HashSet<>();
      for (var p = ProcessHandle.current().parent(); p.isPresent(); p = p.get().parent()) {
        ancestors.add(p.get().pid());
      }
      byte[] wanted = (MARK + "=" + mark).getBytes(StandardCharsets.UTF_8);
      try (Stream<Path> all = Files.list(PROC)) {
        all.map(p -> p.getFileName().toString())
            .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
            .map(Long::parseLong)
            .filter(pid -> pid != SELF && !ancestors.contains(pid) && !found.containsKey(pid))
            .filter(pid -> hasEnvironmentEntry(pid, wanted) && running(pid))
            .forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> found.put(pid, describe(h))));
      } catch (IOException e) {
        // no /proc: descendants only
      }
    }
    found
        .keySet()
        .removeIf(
            pid ->
                SpareWorkers.get().isSpare(pid)
                    || ProcessHandle.of(pid).map(ResourceTracker::isTracker).orElse(true));
    return found;
  }

  private static boolean hasEnvironmentEntry(long pid, byte[] entry) {
    byte[] environ;
    try {
      environ = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException | SecurityException e) {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        if (i - start == entry.length
            && java.util.Arrays.equals(environ, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /**
   * Whether {@code pid} exists and is not a zombie: {@link ProcessHandle#isAlive()} is true for a
   * zombie.
   *
   * @param pid the process id
   * @return whether it runs (or is stopped)
   */
  public static boolean running(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String describe(ProcessHandle h) {
    String line = h.info().commandLine().orElse("?");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  /* --------------- files --------------- */

  private static Set<String> listFiles(Set<Long> family) {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> shm = Files.list(Segment.DIRECTORY)) {
      shm.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("mp-") || name.contains("multiproc"))
          .filter(name -> !ownedByAnother(ownerOfSegment(name), family))
          .filter(name -> !olderThanThisJvm(Segment.DIRECTORY.resolve(name)))
          .forEach(name -> found.add(Segment.DIRECTORY.resolve(name).toString()));
    } catch (IOException e) {
      // no /dev/shm
    }
    Path ownLog = ResourceTracker.directory().toAbsolutePath();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(TMP, "multiproc-*")) {
      for (Path dir : dirs) {
        long owner = ownerOfDirectory(dir.getFileName().toString());
        if (owner <= 0
            || ownedByAnother(owner, family)
            || dir.toAbsolutePath().equals(ownLog)
            || !Files.isDirectory(dir)
            || olderThanThisJvm(dir)) {
          continue;
        }
        found.add(dir.toString());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          entries.forEach(e -> found.add(e.toString()));
        } catch (IOException e) {
          // removed meanwhile, or not ours to read
        }
      }
    } catch (IOException e) {
      // no temporary directory
    }
    return found;
  }

  /**
   * Whether {@code path} was last changed before this JVM started: left by an earlier program
   * (its pid perhaps reused since by one of ours), so never a leak of this one.
   */
  private static boolean olderThanThisJvm(Path path) {
    try {
      return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS)
          .toInstant()
          .isBefore(JVM_START);
    } catch (IOException e) {
      return false;
    }
  }

  /** A live process outside the family: another program's file, not ours. */
  private static boolean ownedByAnother(long owner, Set<Long> family) {
    return owner > 0 && !family.contains(owner) && running(owner);
  }

  /** The pid in {@code mp-<pid>-…}, or 0. */
  private static long ownerOfSegment(String name) {
    String[] parts = name.split("-");
    if (parts.length < 3 || !parts[0].equals("mp")) {
      return 0;
    }
    return parsePid(parts[1]);
  }

  /** The pid in {@code multiproc-<pid>-…} or {@code multiproc-res-<pid>-…}, or 0. */
  private static long ownerOfDirectory(String name) {
    String rest = name.substring("multiproc-".length());
    if (rest.startsWith("res-")) {
      rest = rest.substring(4);
    }
    int dash = rest.indexOf('-');
    return dash <= 0 ? 0 : parsePid(rest.substring(0, dash));
  }

  private static long parsePid(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /* --------------- fds and threads --------------- */

  private static Map<String, Integer> countFds() {
    Map<String, Integer> kinds = new TreeMap<>();
    Path fdDir = PROC.resolve("self").resolve("fd");
    List<Path> fds;
    try (Stream<Path> list = Files.list(fdDir)) {
      fds = list.toList();
    } catch (IOException e) {
      return kinds;
    }
    for (Path fd : fds) {
      String target;
      try {
        target = Files.readSymbolicLink(fd).toString();
      } catch (IOException e) {
        continue; // closed meanwhile (the listing's own descriptor, for one)
      }
      String kind = kindOf(target);
      if (kind != null) {
        kinds.merge(kind, 1, Integer::sum);
      }
    }
    return kinds;
  }

  private static @Nullable String kindOf(String target) {
    if (target.startsWith("socket:")) {
      return "socket";
    }
    if (target.startsWith("pipe:")) {
      return "pipe";
    }
    if (target.startsWith("anon_inode:")) {
      return target;
    }
    if (target.startsWith("/proc/")
        || target.startsWith(JAVA_HOME)
        || target.endsWith(".jar")
        || target.endsWith(".jsa")
        || (target.startsWith("/dev/") && !target.startsWith("/dev/shm/"))
        || target.contains("/hsperfdata_")
        || target.startsWith(OWN_LOG)) {
      return null;
    }
    return target;
  }

  /**
   * Whether a thread is the output relay of a spare or kept worker ({@code multiproc-out-<pid>},
   * {@code multiproc-err-<pid>}): it lives as long as that idle worker, which is not counted
   * either (a spare replaced meanwhile, say for another stdout mode, is not a leak).
   */
  private static boolean ofAnIdleWorker(String name) {
    for (String prefix : List.of("multiproc-out-", "multiproc-err-")) {
      if (name.startsWith(prefix)) {
        try {
          return SpareWorkers.get().isSpare(Long.parseLong(name.substring(prefix.length())));
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  private static Map<String, Integer> countThreads() {
    Map<String, Integer> names = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      if (t.isAlive()
          && (name.startsWith("multiproc-") || name.startsWith("ThreadPool-"))
          && !ofAnIdleWorker(name)) {
        String key = name.replaceAll("\\d+", "#") + (t.isDaemon() ? "" : " (non-daemon)");
        names.merge(key, 1, Integer::sum);
      }
    }
    return names;
  }
}
