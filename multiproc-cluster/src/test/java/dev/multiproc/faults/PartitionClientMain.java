package dev.multiproc.faults;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.cluster.ClusterLock;
import dev.multiproc.cluster.internal.HzLock;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedInt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A client JVM that a partition test runs in a network namespace of its own and drives by lines
 * on its standard input; it answers each command with one line that starts with the command's
 * word. Every call it makes while the network may be cut is a timed one.
 *
 * <ul>
 *   <li>{@code MAKE}: makes a queue of 100 items, a shared int of 12345, a dict {k=v}, an empty
 *       queue and a lock; answers {@code MAKE lockName}.
 *   <li>{@code CHECK}: {@code CHECK QUEUE ok 100|INT ok 12345|DICT ok {k=v}}, an object that
 *       throws as {@code QUEUE lost ExceptionClass: message}.
 *   <li>{@code LOCK}: takes the lock; {@code LOCK token}.
 *   <li>{@code TRYLOCK name seconds}: tries a lock by name; {@code TRYLOCK ms true token},
 *       {@code TRYLOCK ms false} or {@code TRYLOCK ms threw ExceptionClass: message}.
 *   <li>{@code TOKEN}: the fencing token of the lock {@code TRYLOCK} took.
 *   <li>{@code UNLOCK} / {@code UNLOCKOTHER}: releases the lock of {@code LOCK} / of {@code
 *       TRYLOCK}; {@code UNLOCK ok} or {@code UNLOCK lost ExceptionClass: message}.
 *   <li>{@code GET seconds}: a timed get on the empty queue; {@code GET ms outcome}.
 *   <li>{@code PROC dir}: starts a cluster process running {@link FaultTasks#runLong}.
 *   <li>{@code STATUS}: {@code STATUS alive exitCode} of that process, without waiting.
 *   <li>{@code MEMBERS}: how many members this client sees.
 *   <li>{@code PROTECTED name}: whether the lock's map refuses a read for want of members.
 *   <li>{@code PIDS n}: maps n tasks (one per chunk) that return their member's pid.
 * </ul>
 *
 * <p>Arguments: the cluster's name, the members' addresses (comma-separated), then {@code
 * name=value} properties for the client's config.
 */
public final class PartitionClientMain {
  private PartitionClientMain() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig.Builder b =
        ClusterConfig.builder()
            .clusterName(args[0])
            .members(List.of(args[1].split(",")))
            .role(ClusterConfig.Role.CLIENT);
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      b.property(kv[0], kv[1]);
    }
    try (ClusterContext cluster = Cluster.context(b.build())) {
      new PartitionClientMain.Session(cluster).serve();
    }
  }

  /** The objects of one client and the commands on them. */
  private static final class Session {
    private final ClusterContext cluster;
    private MpQueue<Integer> queue;
    private MpQueue<Integer> empty;
    private SharedInt value;
    private Map<String, String> dict;
    private ClusterLock lock;
    private ClusterLock other;
    private ChildProcess process;

    Session(ClusterContext cluster) {
      this.cluster = cluster;
    }

    void serve() throws Exception {
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      System.out.println("READY");
      System.out.flush();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] w = line.split(" ");
        String answer;
        try {
          answer = run(w);
        } catch (Exception | Error e) {
          answer = "threw " + describe(e);
        }
        System.out.println(w[0] + " " + answer);
        System.out.flush();
      }
    }

    private String run(String[] w) throws Exception {
      return switch (w[0]) {
        case "MAKE" -> make();
        case "CHECK" ->
            String.join(
                "|",
                check("QUEUE", () -> queue.qsize()),
                check("INT", () -> value.get()),
                check("DICT", () -> dict.toString()));
        case "LOCK" -> {
          lock.lock();
          yield Long.toString(lock.fencingToken());
        }
        case "TRYLOCK" -> tryLock(w[1], Long.parseLong(w[2]));
        case "TOKEN" -> Long.toString(other.fencingToken());
        case "UNLOCK" -> unlock(lock);
        case "UNLOCKOTHER" -> unlock(other);
        case "GET" -> timed(() -> "got " + empty.get(Duration.ofSeconds(Long.parseLong(w[1]))));
        case "PROC" -> {
          process = cluster.process(FaultTasks::runLong, w[1]);
          process.start();
          yield "started";
        }
        case "STATUS" -> process.isAlive() + " " + process.exitCode();
        case "MEMBERS" -> Integer.toString(cluster.memberCount());
        case "PROTECTED" -> protectedLock(w[1]);
        case "PIDS" -> pids(Integer.parseInt(w[1]));
        default -> throw new IllegalArgumentException("unknown command: " + w[0]);
      };
    }

    private String make() throws InterruptedException {
      queue = cluster.queue();
      for (int i = 0; i < 100; i++) {
        queue.put(i);
      }
      value = cluster.sharedInt(12345, false);
      dict = cluster.manager().dict();
      dict.put("k", "v");
      empty = cluster.queue();
      lock = cluster.lock();
      return nameOf(lock);
    }

    private String tryLock(String name, long seconds) {
      ClusterLock l = HzLock.attach(cluster.hazelcast(), name, false);
      return timed(
          () -> {
            if (!l.tryLock(seconds, TimeUnit.SECONDS)) {
              return "false";
            }
            other = l;
            return "true " + l.fencingToken();
          });
    }

    /** Whether the lock's map refuses a read: its side counted too few members. */
    private String protectedLock(String name) {
      try {
        cluster.hazelcast().getMap(name).get("probe");
        return "false";
      } catch (com.hazelcast.splitbrainprotection.SplitBrainProtectionException e) {
        return "true";
      }
    }

    private static String unlock(ClusterLock l) {
      try {
        l.unlock();
        return "ok";
      } catch (RuntimeException e) {
        return "lost " + describe(e);
      }
    }

    private String pids(int n) {
      try (Pool pool = cluster.pool(2)) {
        List<Long> got =
            pool.map(
                FaultTasks::memberPid, new ArrayList<>(IntStream.range(0, n).boxed().toList()), 1);
        return new TreeSet<>(got).toString().replaceAll("[\\[\\] ]", "");
      }
    }
  }

  /** A call that may throw, for {@link #timed} and {@link #check}. */
  @FunctionalInterface
  interface Call {
    Object run() throws Exception;
  }

  /** {@code ms outcome}: how long {@code call} took and what it gave or threw. */
  static String timed(Call call) {
    long start = System.nanoTime();
    String outcome;
    try {
      outcome = String.valueOf(call.run());
    } catch (Exception | Error e) {
      outcome = "threw " + describe(e);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " " + outcome;
  }

  private static String check(String what, Call read) {
    try {
      return what + " ok " + read.run();
    } catch (Exception e) {
      return what + " lost " + describe(e);
    }
  }

  static String describe(Throwable e) {
    return (e.getClass().getName() + ": " + e.getMessage()).replace('\n', ' ').replace('|', '/');
  }

  static String nameOf(Object o) {
    return o.toString().replaceAll(".*\\[cluster ([^\\],]+).*", "$1");
  }
}
