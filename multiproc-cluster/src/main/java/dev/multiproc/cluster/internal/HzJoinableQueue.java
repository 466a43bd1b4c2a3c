package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.ClusterUnreachableException;
import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.spi.Deadlines;

/**
 * {@link JoinableMpQueue} on the cluster: an {@link HzQueue} plus the count of unfinished tasks
 * in one entry of a map of its own ({@code <name>-tasks}). Every put adds one before the item
 * goes in (and takes it back if the item did not), every {@link #taskDone()} takes one away,
 * both as {@link TaskCountOp} entry processors on the member that owns the entry. {@link
 * #join()} sleeps until an entry listener ({@link EntryWatch}) shows a count of zero newer than
 * the count it read first (no polling; it re-reads the entry every 30 seconds, in case a
 * notification was lost while a partition moved).
 *
 * @param <E> the item type
 */
public final class HzJoinableQueue<E> extends HzQueue<E> implements JoinableMpQueue<E> {
  private static final String KEY = "unfinished";

  @java.io.Serial private static final long serialVersionUID = 1L;

  private final transient IMap<String, TaskCountOp.State> tasks;
  private final transient EntryWatch<TaskCountOp.State> watch;
  private transient volatile boolean closed;

  private HzJoinableQueue(HazelcastInstance hz, String name, int maxsize, boolean create) {
    super(hz, name, maxsize, create);
    this.tasks = HzGuard.map(hz, name + "-tasks");
    this.watch = new EntryWatch<>(tasks, KEY, "queue");
    if (create) {
      tasks.set(KEY, new TaskCountOp.State(0, 0));
    }
  }

  /**
   * Creates a new joinable queue with a unique name.
   *
   * @param hz the member or client
   * @param maxsize the most items it holds; 0 for no limit
   * @throws IllegalArgumentException if maxsize is negative
   */
  public HzJoinableQueue(HazelcastInstance hz, int maxsize) {
    this(hz, HzNames.unique(hz, "jqueue"), maxsize, true);
  }

  /**
   * Returns a view of an existing joinable queue from another member or client of the same
   * cluster.
   *
   * @param hz the member or client
   * @param name the queue's {@link #name()}
   * @param maxsize the queue's maxsize
   * @param <E> the item type
   * @return the view; closing it destroys the queue and its count for every holder
   */
  public static <E> HzJoinableQueue<E> attach(HazelcastInstance hz, String name, int maxsize) {
    return new HzJoinableQueue<>(hz, name, maxsize, false);
  }

  private IMap<String, TaskCountOp.State> openTasks() {
    if (closed) {
      throw new IllegalStateException("the queue is closed");
    }
    return tasks;
  }

  /** Counts the item; a count that lands after the caller gave up is taken back. */
  @Override
  void beforeAdd(long deadline) {
    IMap<String, TaskCountOp.State> t = openTasks();
    ClusterCalls.callBy(
        deadline,
        () -> t.executeOnKey(KEY, new TaskCountOp(1)),
        counted -> ClusterCalls.call(() -> t.executeOnKey(KEY, new TaskCountOp(-1))),
        "count a task of queue " + name());
  }

  /** Takes the count back; one the cluster does not answer by the deadline lands later. */
  @Override
  void notAdded(long deadline) {
    IMap<String, TaskCountOp.State> t = openTasks();
    try {
      ClusterCalls.callBy(
          deadline,
          () -> t.executeOnKey(KEY, new TaskCountOp(-1)),
          left -> {},
          "take back a task count of queue " + name());
    } catch (ClusterUnreachableException e) {
      // the call goes on: the count is lowered when the member that holds it answers
    }
  }

  @Override
  public void taskDone() {
    IMap<String, TaskCountOp.State> t = openTasks();
    Long left = ClusterCalls.call(() -> t.executeOnKey(KEY, new TaskCountOp(-1)));
    if (left == null || left < 0) {
      throw new IllegalStateException("taskDone() called too many times: no unfinished task");
    }
  }

  @Override
  public void join() throws InterruptedException {
    openTasks();
    TaskCountOp.State now = watch.read();
    if (now == null || now.count() <= 0) {
      return;
    }
    long since = now.version();
    watch.await(s -> s.version() >= since && s.count() <= 0, Deadlines.NEVER, true);
  }

  /**
   * Returns how many items were put and not yet marked done.
   *
   * @return the count of unfinished tasks
   */
  public long unfinishedTasks() {
    TaskCountOp.State s = openTasks().get(KEY);
    return s == null ? 0 : s.count();
  }

  /**
   * Destroys the queue, with its items, and its count in the cluster; on a copy another JVM sent
   * here, only ends this copy. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    watch.close();
    if (destroy()) {
      tasks.destroy();
    }
  }

  @Override
  public String toString() {
    return "Joinable" + super.toString();
  }
}
