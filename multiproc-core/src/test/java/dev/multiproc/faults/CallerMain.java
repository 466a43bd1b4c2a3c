package dev.multiproc.faults;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.spawn.SpawnDirectory;
import dev.multiproc.ipc.Listener;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.manager.Manager;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedLong;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpLock;
import java.time.Duration;
import java.util.Map;

/**
 * A caller with everything alive, for {@link CallerFaultTest} to kill: a pool whose worker runs a
 * task holding a lock, a queue with an item in it, a shared value, a manager with a dict and a
 * held lock, a listener's socket file and a child process. Prints {@code ready} when all is up,
 * then waits to be killed. With the argument {@code sweep} it only starts the library (as any
 * later program would) and exits.
 */
public final class CallerMain {
  private CallerMain() {}

  /** Runs in a pool worker: takes {@code lock}, says so, and runs until it is killed. */
  static int holdLockForever(MpLock lock, Event holding) {
    lock.lock();
    holding.set();
    Faults.sleepUntilKilled();
    return 0;
  }

  /**
   * Runs the caller.
   *
   * @param args {@code live} or {@code sweep}
   * @throws Exception if something cannot be set up
   */
  @SuppressWarnings("resource") // all of it is left for the kill
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("sweep")) {
      System.out.println("swept into " + SpawnDirectory.get().path());
      return;
    }
    Context ctx = Multiprocessing.local();
    Pool pool = ctx.pool(2);
    MpLock lock = ctx.lock();
    Event holding = ctx.event();
    var _ = pool.applyAsync(x -> holdLockForever(lock, holding), 0); // never completes
    MpQueue<String> queue = ctx.queue();
    queue.put("left in the queue");
    SharedLong value = ctx.sharedLong(7);
    Manager manager = ctx.manager();
    Map<String, Integer> dict = manager.dict();
    dict.put("a", 1);
    manager.lock().lock();
    Listener listener = Listener.open();
    ChildProcess child = ctx.process(Faults::sleepUntilKilled).start();
    if (!holding.await(Duration.ofSeconds(30))) {
      throw new IllegalStateException("the pool's task never took the lock");
    }
    System.out.println(
        "ready: value="
            + value.get()
            + " dict="
            + dict
            + " listener="
            + listener.address()
            + " child="
            + child.pid().orElseThrow());
    System.out.flush();
    Faults.sleepUntilKilled();
  }
}
