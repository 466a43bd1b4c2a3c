package dev.multiproc.manager;

import dev.multiproc.ipc.JoinableMpQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.BoundedSemaphore;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A manager: a server that owns objects, and the factory of proxies to them. Python's {@code
 * multiprocessing.Manager()} ({@code SyncManager}).
 *
 * <pre>{@code
 * try (Manager m = ctx.manager()) {                 // a server process
 *     Map<String, Integer> scores = m.dict();
 *     List<String> log = m.list();
 *     ctx.process(Tasks::play, scores, log).start().join();   // the child uses the proxies
 *     System.out.println(scores);                   // what the child put there
 * }
 * }</pre>
 *
 * <p>Every method of a proxy is a call to the manager, over authenticated sockets that all threads
 * of a process share (a few per process and manager, whatever the number of threads: thousands of
 * virtual threads may call at once). Calls on a lock, a condition or a registered type run, in
 * the manager, on a thread that stands for the calling thread while it lives, so a lock taken by
 * a thread is held by that thread: another thread of the same process cannot release a {@link
 * RLock} it did not take. A proxy implements the JDK interface of its object ({@link Map}, {@link
 * List}, {@link Set}, {@link java.util.concurrent.BlockingQueue} …), can be passed to other
 * processes and pool tasks, and can be stored in another proxy (a list inside a dict), as in
 * Python.
 *
 * <p><b>Views and iterators.</b> A map's {@code keySet()}, {@code values()} and {@code
 * entrySet()} are views that write through: each of their methods is a call on the map's view in
 * the manager ({@code keySet().remove(k)}, {@code entrySet().removeIf(…)}, {@code
 * values().retainAll(…)} change the map). A list's {@code subList} is a view over its indices.
 * An iterator ({@code iterator()}, {@code listIterator(i)}, a view's) walks a copy taken in one
 * call and writes through: its {@code remove}, {@code set} and {@code add}, and {@code setValue}
 * of a map's entry, change the manager's object. Default methods ({@code removeIf}, {@code
 * replaceAll}, {@code sort}, {@code computeIfAbsent}, {@code forEach} …) run in the caller over
 * those calls, so they change the manager's object but are not atomic; a map's {@code
 * putIfAbsent}, {@code remove(k, v)}, {@code replace} and {@code getOrDefault} run in the
 * manager, atomically. A collection or map passed to {@code addAll}, {@code containsAll}, {@code
 * removeAll}, {@code retainAll} or {@code putAll} is copied first, so it need not be
 * serializable; {@code equals} of a list, set or map compares contents in the caller and is false
 * for anything that is not a list, set or map; a queue or a lock equals only a proxy of the same
 * object. {@code drainTo(c)} moves the items into the caller's {@code c}.
 *
 * <p><b>Waiting, timeouts and interrupts.</b> Interrupting a thread that waits in a proxy call
 * that throws {@link InterruptedException} ({@code take}, {@code poll(t)}, {@code
 * lockInterruptibly}, {@code acquire}, {@code await} …) cancels the call in the manager too, and
 * the call throws {@link InterruptedException} with the interrupt status cleared, as the JDK's
 * do: an interrupted {@code take} takes nothing, an interrupted {@code lockInterruptibly} does
 * not take the lock later. Calls that are not interruptible ({@code lock()}, {@code hold()},
 * {@code dict.get}) keep the interrupt status set and ignore it. Timeouts saturate as the JDK's
 * do ({@code poll(Long.MAX_VALUE, DAYS)} waits for ever, {@code Long.MIN_VALUE} does not wait). A
 * manager that answers nothing, not even the liveness checks a waiting call sends, for the call
 * timeout ({@link ManagerOptions#callTimeout()}, 30 s by default) fails the call with {@link
 * ManagerException} naming the manager and the timeout (a frozen or wedged manager); a call that
 * waits on purpose is not cut short while the manager answers.
 *
 * <p>Objects live until the manager shuts down. {@link #close()} on the manager that started
 * the server shuts it down; afterwards, or if the server process died, every proxy call throws
 * {@link ManagerException} naming the manager, never hangs. A {@code Manager} obtained by {@link
 * Managers#connect} only disconnects.
 */
public interface Manager extends AutoCloseable {

  /**
   * Returns a new map held by the manager. Python: {@code manager.dict()}.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @return a proxy; keys and values must be serializable
   */
  <K, V> Map<K, V> dict();

  /**
   * Returns a new list held by the manager. Python: {@code manager.list()}.
   *
   * @param <E> the element type
   * @return a proxy
   */
  <E> List<E> list();

  /**
   * Returns a new set held by the manager. Python 3.14: {@code manager.set()}.
   *
   * @param <E> the element type
   * @return a proxy
   */
  <E> Set<E> set();

  /**
   * Returns a new namespace. Python: {@code manager.Namespace()}.
   *
   * @return a proxy
   */
  Namespace namespace();

  /**
   * Returns a new value holder. Python: {@code manager.Value(typecode, value)}.
   *
   * @param initial the value
   * @param <T> its type
   * @return a proxy
   */
  <T> ManagedValue<T> value(@Nullable T initial);

  /**
   * Returns a new fixed-length array held by the manager: a list whose elements can be read and
   * replaced but not added or removed. Python: {@code manager.Array(typecode, sequence)}.
   *
   * @param values the elements
   * @param <T> the element type
   * @return a proxy; {@code add} and {@code remove} throw {@link UnsupportedOperationException}
   */
  <T> List<T> array(List<? extends T> values);

  /**
   * Returns a new queue. Python: {@code manager.Queue(maxsize)}.
   *
   * @param maxsize the most items it holds, 0 for no limit
   * @param <E> the item type
   * @return a proxy
   */
  <E> MpQueue<E> queue(int maxsize);

  /**
   * Returns a new unbounded queue. Python: {@code manager.Queue()}.
   *
   * @param <E> the item type
   * @return a proxy
   */
  default <E> MpQueue<E> queue() {
    return queue(0);
  }

  /**
   * Returns a new joinable queue. Python: {@code manager.JoinableQueue()}.
   *
   * @param <E> the item type
   * @return a proxy
   */
  <E> JoinableMpQueue<E> joinableQueue();

  /**
   * Returns a new lock. Python: {@code manager.Lock()}.
   *
   * @return a proxy
   */
  MpLock lock();

  /**
   * Returns a new reentrant lock. Python: {@code manager.RLock()}.
   *
   * @return a proxy
   */
  RLock rLock();

  /**
   * Returns a new semaphore. Python: {@code manager.Semaphore(value)}.
   *
   * @param value the permits
   * @return a proxy
   */
  MpSemaphore semaphore(int value);

  /**
   * Returns a new bounded semaphore. Python: {@code manager.BoundedSemaphore(value)}.
   *
   * @param value the permits
   * @return a proxy
   */
  BoundedSemaphore boundedSemaphore(int value);

  /**
   * Returns a new condition over a new reentrant lock. Python: {@code manager.Condition()}.
   *
   * @return a proxy
   */
  MpCondition condition();

  /**
   * Returns a new condition over {@code lock}, a lock of this manager. Python: {@code
   * manager.Condition(lock)}.
   *
   * @param lock the lock, from {@link #lock()} or {@link #rLock()} of this manager
   * @return a proxy
   */
  MpCondition condition(MpLock lock);

  /**
   * Returns a new event. Python: {@code manager.Event()}.
   *
   * @return a proxy
   */
  Event event();

  /**
   * Returns a new barrier. Python: {@code manager.Barrier(parties)}.
   *
   * @param parties how many must arrive
   * @return a proxy
   */
  Barrier barrier(int parties);

  /**
   * Creates an object of a registered type and returns a proxy to it. Python: {@code
   * manager.TypeId(*args)} after {@code BaseManager.register('TypeId', callable)}.
   *
   * @param typeId the registered name
   * @param api the interface the proxy implements (the registered one, or one it extends)
   * @param args the factory's arguments
   * @param <T> the interface
   * @return a proxy
   * @throws ManagerException if the type is not registered or its factory fails
   */
  <T> T create(String typeId, Class<T> api, Object... args);

  /**
   * Returns where the manager listens; with its key, another process can {@link
   * Managers#connect} to it.
   *
   * @return the address
   */
  SocketAddress address();

  /**
   * Shuts the manager down if this handle started it, else disconnects. Idempotent. Python:
   * {@code manager.shutdown()}, or leaving {@code with Manager() as m:}.
   */
  @Override
  void close();
}
