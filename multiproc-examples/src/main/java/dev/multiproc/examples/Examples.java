package dev.multiproc.examples;

import dev.multiproc.examples.seed000.BestPractices;
import dev.multiproc.examples.seed000.Breakfast;
import dev.multiproc.examples.seed000.Communication;
import dev.multiproc.examples.seed000.GilAndProcesses;
import dev.multiproc.examples.seed000.ImageBlur;
import dev.multiproc.examples.seed000.IntroducingPools;
import dev.multiproc.examples.seed000.LambdaInMap;
import dev.multiproc.examples.seed000.MemoryUsage;
import dev.multiproc.examples.seed000.PoolMethodsInDetail;
import dev.multiproc.examples.seed001.DataProcessing;
import dev.multiproc.examples.seed001.FirstProcess;
import dev.multiproc.examples.seed001.Gotchas;
import dev.multiproc.examples.seed001.Ipc;
import dev.multiproc.examples.seed001.ManagerObjects;
import dev.multiproc.examples.seed001.MemoryManagement;
import dev.multiproc.examples.seed001.Performance;
import dev.multiproc.examples.seed001.PoolBasics;
import dev.multiproc.examples.seed001.RaceCondition;
import dev.multiproc.examples.seed001.SemaphoreAndEvent;
import dev.multiproc.examples.seed001.ThreadedApproach;
import dev.multiproc.examples.seed002.BasicProcess;
import dev.multiproc.examples.seed002.PoolSquare;
import dev.multiproc.examples.seed002.QueueProducerConsumer;
import dev.multiproc.examples.seed003.ApplyAsync;
import dev.multiproc.examples.seed003.CreateProcess;
import dev.multiproc.examples.seed003.Environment;
import dev.multiproc.examples.seed003.ErrorHandling;
import dev.multiproc.examples.seed003.Lifecycle;
import dev.multiproc.examples.seed003.NamesAndDaemon;
import dev.multiproc.examples.seed003.PoolInitializer;
import dev.multiproc.examples.seed003.PoolMap;
import dev.multiproc.examples.seed003.SeparateMemory;
import dev.multiproc.examples.seed003.SequentialVsParallel;
import dev.multiproc.examples.seed003.WorkerPids;
import dev.multiproc.examples.seed004.CreatingProcesses;
import dev.multiproc.examples.seed004.DaemonProcess;
import dev.multiproc.examples.seed004.Executor;
import dev.multiproc.examples.seed004.ManagerSharing;
import dev.multiproc.examples.seed004.PipeSharing;
import dev.multiproc.examples.seed004.PoolMethods;
import dev.multiproc.examples.seed004.ProcessPool;
import dev.multiproc.examples.seed004.ProcessTermination;
import dev.multiproc.examples.seed004.QueueSharing;
import dev.multiproc.examples.seed004.Synchronization;
import dev.multiproc.examples.seed004.ThreadsVsProcesses;
import dev.multiproc.examples.seed004.ValueAndArray;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The examples, by name: {@code multiproc examples list} prints them, {@code multiproc examples
 * run NAME} runs one. A name is the seed's number and the example's topic, such as {@code
 * 001-race-condition}.
 */
public final class Examples {
  private Examples() {}

  private static final String S000 = "000_81671b25b2fbd7bd.txt";
  private static final String S001 = "001_301e181da1652f52.txt";
  private static final String S002 = "002_0f960f9791d32112.txt";
  private static final String S003 = "003_fc539bea782d1605.txt";
  private static final String S004 = "004_e08cd0b0e9f47c74.txt";

  private static final List<Example> ALL =
      List.of(
          // ---------------- seed 000 ----------------
          new Example(
              "000-breakfast",
              S000,
              "§1 Sequential Processing Limitations, §2 Parallel Processing",
              "toast, eggs and coffee one after the other, then each in its own process",
              Breakfast::main),
          new Example(
              "000-threads",
              S000,
              "§3 The Global Interpreter Lock",
              "a CPU-bound task on four threads (no GIL in Java: in parallel)",
              GilAndProcesses::threadsMain),
          new Example(
              "000-processes",
              S000,
              "§4 Enter Multiprocessing: Bypassing the GIL",
              "the same CPU-bound task in four processes",
              GilAndProcesses::processesMain),
          new Example(
              "000-pool",
              S000,
              "§6 Introducing Process Pools",
              "a pool of 4 maps process_item over 1..8",
              IntroducingPools::main),
          new Example(
              "000-map",
              S000,
              "§7a map(func, iterable)",
              "results in input order, blocking",
              PoolMethodsInDetail::mapMain),
          new Example(
              "000-map-async",
              S000,
              "§7b map_async(func, iterable)",
              "returns at once; get() waits for the results",
              PoolMethodsInDetail::mapAsyncMain),
          new Example(
              "000-apply",
              S000,
              "§7c apply(func, args)",
              "one call in a worker, blocking",
              PoolMethodsInDetail::applyMain),
          new Example(
              "000-apply-async",
              S000,
              "§7d apply_async(func, args)",
              "one call in a worker; get() waits",
              PoolMethodsInDetail::applyAsyncMain),
          new Example(
              "000-starmap",
              S000,
              "§7e starmap(func, iterable)",
              "each pair unpacked as two arguments",
              PoolMethodsInDetail::starmapMain),
          new Example(
              "000-queue",
              S000,
              "§8a Queues",
              "a producer process and a consumer process share a queue",
              Communication::queueMain),
          new Example(
              "000-pipe",
              S000,
              "§8b Pipes",
              "a sender process and a receiver process share a pipe",
              Communication::pipeMain),
          new Example(
              "000-shared-memory",
              S000,
              "§8c Shared Memory",
              "a child adds 10 to a shared value and 1 to each item of a shared array",
              Communication::sharedMemoryMain),
          new Example(
              "000-cpu-count",
              S000,
              "§9a Match Process Count to CPU Cores, §9b Context Managers",
              "a pool of cpu_count() processes in try-with-resources",
              BestPractices::cpuCountMain),
          new Example(
              "000-chunksize",
              S000,
              "§9c Consider Chunk Size for Large Data",
              "map over 10,000 items in chunks of 100",
              BestPractices::chunksizeMain),
          new Example(
              "000-error-callback",
              S000,
              "§9d Handle Errors Gracefully",
              "map_async with an error callback; get() raises the error too",
              BestPractices::errorCallbackMain),
          new Example(
              "000-image-blur",
              S000,
              "§10 A Complete Example: Parallel Image Processing",
              "blur eight generated images sequentially, then on a pool; the speedup",
              ImageBlur::main),
          new Example(
              "000-memory-usage",
              S000,
              "§11b Memory Usage",
              "chunks copied to workers and back, then doubled in place in shared memory",
              MemoryUsage::main),
          new Example(
              "000-lambda-in-map",
              S000,
              "§11a/§11c Startup Overhead, Pickling Limitations",
              "a lambda passed to Pool.map: fails to pickle in Python, runs in Java",
              LambdaInMap::main),
          // ---------------- seed 001 ----------------
          new Example(
              "001-threads",
              S001,
              "§2 The Python GIL Problem",
              "a CPU-bound task on four threads (no GIL in Java: in parallel)",
              ThreadedApproach::main),
          new Example(
              "001-first-process",
              S001,
              "§3 Basic Multiprocessing Concepts",
              "a worker in a child process while the main thread goes on",
              FirstProcess::main),
          new Example(
              "001-pool-speedup",
              S001,
              "§4 Process Pool: Managing Multiple Processes",
              "eight slow squares sequentially, then on a pool of 4; the speedup",
              PoolBasics::speedupMain),
          new Example(
              "001-pool-methods",
              S001,
              "§4 Pool Methods Comparison",
              "map, map_async, imap and apply on a pool of 2",
              PoolBasics::methodsMain),
          new Example(
              "001-queue",
              S001,
              "§5.1 Queues: Thread-Safe Communication",
              "one producer and two consumers share a queue of size 5",
              Ipc::queueMain),
          new Example(
              "001-pipe",
              S001,
              "§5.2 Pipes: Direct Two-Way Communication",
              "the parent sends a string, the child sends it back upper-cased",
              Ipc::pipeMain),
          new Example(
              "001-shared-memory",
              S001,
              "§5.3 Shared Memory: High-Performance Data Sharing",
              "three workers update a shared counter and array under their locks",
              Ipc::sharedMemoryMain),
          new Example(
              "001-manager",
              S001,
              "§5.4 Manager Objects: Complex Shared Data Structures",
              "three workers add to a manager's dict and list",
              ManagerObjects::main),
          new Example(
              "001-race-condition",
              S001,
              "§6.1 Locks and RLocks",
              "a shared counter loses updates without a lock and none with one",
              RaceCondition::main),
          new Example(
              "001-semaphore",
              S001,
              "§6.2 Semaphores: Controlling Resource Access",
              "five workers, at most two hold the resource at once",
              SemaphoreAndEvent::semaphoreMain),
          new Example(
              "001-event",
              S001,
              "§6.3 Events: Process Coordination",
              "three waiters continue when a setter process sets the event",
              SemaphoreAndEvent::eventMain),
          new Example(
              "001-data-processing",
              S001,
              "§7 Real-World Example: Parallel Data Processing",
              "100 items in chunks of 10 on a pool of 4; five results as JSON",
              DataProcessing::main),
          new Example(
              "001-gotchas",
              S001,
              "§8.2 Common Gotchas and Solutions",
              "what can be sent to a worker; globals stay in the worker; overhead",
              Gotchas::main),
          new Example(
              "001-memory-management",
              S001,
              "§8.3 Memory Management and Resource Cleanup",
              "peak memory before and after a pool in try-with-resources",
              MemoryManagement::main),
          new Example(
              "001-process-count",
              S001,
              "§9.1 Finding the Optimal Number of Processes",
              "20 tasks on executors of 1, 2, 4, 8 and cpu_count() processes",
              Performance::processCountMain),
          new Example(
              "001-chunking",
              S001,
              "§9.2 Chunking Strategies",
              "map over 10,000 items: default chunks, chunks of 100, one item per task",
              Performance::chunkingMain),
          // ---------------- seed 002 ----------------
          new Example(
              "002-basic-process",
              S002,
              "Example 1: Basic Process Creation",
              "two child processes run a CPU-bound task in parallel",
              BasicProcess::main),
          new Example(
              "002-pool-square",
              S002,
              "Example 2: Using multiprocessing.Pool",
              "a pool of 4 squares 0..9 with map",
              PoolSquare::main),
          new Example(
              "002-queue",
              S002,
              "Example 3: Inter-Process Communication with Queue",
              "a producer process and a consumer process share a queue",
              QueueProducerConsumer::main),
          // ---------------- seed 003 ----------------
          new Example(
              "003-environment",
              S003,
              "The multiprocessing Module",
              "this process's pid, the CPU count, the start method",
              Environment::main),
          new Example(
              "003-create-process",
              S003,
              "Creating a Process",
              "a child's pid and parent pid; isAlive/pid/exitCode before and after",
              CreateProcess::main),
          new Example(
              "003-lifecycle",
              S003,
              "Process Lifecycle and Exit Codes",
              "exit code 0, join with a timeout, terminate(): -15",
              Lifecycle::main),
          new Example(
              "003-separate-memory",
              S003,
              "Multiple Processes and Separate Memory",
              "children send their squares back through a queue",
              SeparateMemory::main),
          new Example(
              "003-names-daemon",
              S003,
              "Process Names and Daemon Processes",
              "named processes, a daemon joined with a timeout",
              NamesAndDaemon::main),
          new Example(
              "003-pool-map",
              S003,
              "Pool: Managing Worker Processes",
              "Pool.map squares 1..8; Pool.starmap raises to powers",
              PoolMap::main),
          new Example(
              "003-apply-async",
              S003,
              "Pool.apply_async(): Non-Blocking Execution",
              "five slow tasks: ready() early, then their results",
              ApplyAsync::main),
          new Example(
              "003-worker-pids",
              S003,
              "Separate Process IDs",
              "pool tasks run in worker pids, none the main one",
              WorkerPids::main),
          new Example(
              "003-sequential-vs-parallel",
              S003,
              "Practical: Sequential vs Parallel Execution",
              "times, speedup, results match",
              SequentialVsParallel::main),
          new Example(
              "003-error-handling",
              S003,
              "Error Handling in Processes",
              "a task's exception reaches map's caller and get()",
              ErrorHandling::main),
          new Example(
              "003-pool-initializer",
              S003,
              "Pool with Initializer",
              "an initializer sets per-worker state once",
              PoolInitializer::main),
          // ---------------- seed 004 ----------------
          new Example(
              "004-creating-processes",
              S004,
              "Creating Processes",
              "four child processes print their pid",
              CreatingProcesses::main),
          new Example(
              "004-process-pool",
              S004,
              "Process Pool",
              "a CPU-bound function sequentially, then on a pool of 4",
              ProcessPool::main),
          new Example(
              "004-pool-methods",
              S004,
              "Pool Methods",
              "map, starmap, applyAsync and mapAsync",
              PoolMethods::main),
          new Example(
              "004-queue",
              S004,
              "Sharing Data with Queue",
              "a producer and a consumer process share a queue",
              QueueSharing::main),
          new Example(
              "004-pipe",
              S004,
              "Sharing Data with Pipe",
              "two processes talk both ways through a pipe",
              PipeSharing::main),
          new Example(
              "004-value-array",
              S004,
              "Shared Memory with Value and Array",
              "a locked shared counter reaches 40000; a shared array is doubled",
              ValueAndArray::main),
          new Example(
              "004-manager",
              S004,
              "Manager for Complex Shared Objects",
              "four processes write to a manager's dict and list",
              ManagerSharing::main),
          new Example(
              "004-synchronization",
              S004,
              "Process Synchronization",
              "a lock guards a shared counter: 40000",
              Synchronization::main),
          new Example(
              "004-daemon",
              S004,
              "Daemon Processes",
              "a daemon child runs in the background until the main process leaves",
              DaemonProcess::main),
          new Example(
              "004-termination",
              S004,
              "Handling Process Termination",
              "terminate() runs shutdown hooks (-15); kill() a stubborn child (-9)",
              ProcessTermination::main),
          new Example(
              "004-executor",
              S004,
              "ProcessPoolExecutor",
              "submit, results as completed, then map",
              Executor::main),
          new Example(
              "004-threads-vs-processes",
              S004,
              "Comparing Threads vs Processes",
              "the same work sequentially, on threads, on processes",
              ThreadsVsProcesses::main));

  /**
   * Returns every example, in seed and section order.
   *
   * @return the examples
   */
  public static List<Example> all() {
    return ALL;
  }

  /**
   * Finds an example by name, ignoring case.
   *
   * @param name the name, such as {@code 001-race-condition}
   * @return the example, or empty if there is none by that name
   */
  public static Optional<Example> find(String name) {
    return ALL.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * Returns the names closest to {@code name}: those that contain it or that it contains, else the
   * three nearest by edit distance, for "did you mean" messages.
   *
   * @param name a name that may be misspelled
   * @return up to a few example names
   */
  public static List<String> closeNames(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    List<String> containing =
        ALL.stream()
            .map(Example::name)
            .filter(n -> !wanted.isEmpty() && (n.contains(wanted) || wanted.contains(n)))
            .toList();
    if (!containing.isEmpty()) {
      return containing;
    }
    return ALL.stream()
        .map(Example::name)
        .sorted(Comparator.comparingInt((String n) -> distance(n, wanted)))
        .limit(3)
        .toList();
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
