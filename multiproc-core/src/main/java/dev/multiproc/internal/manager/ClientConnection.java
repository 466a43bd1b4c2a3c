package dev.multiproc.internal.manager;

import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One socket to a manager, shared by the threads of this process that call it: each call carries
 * an id, and the manager answers calls in any order.
 *
 * <pre>
 *   caller threads ── send (one at a time) ──►  socket  ──► manager
 *        ▲                                                    │
 *        └── the leader reads every answer and hands each ◄───┘
 *            to its caller (unpark); it leaves when its own came, and wakes a waiter to lead
 * </pre>
 *
 * <p>Reading: no thread of its own. A caller whose answer has not come reads the socket itself
 * if no other caller does (it becomes the leader) and hands the answers of the others to them;
 * when its own answer comes it leaves and wakes one waiter to take over (leader/follower). A
 * lone caller thus reads its own answer with no thread switch, and many callers (thousands of
 * virtual threads) share one socket.
 *
 * <p>Liveness: while calls wait, the leader sends a ping whenever the manager has been silent
 * for a quarter of the call timeout; if it stays silent for the whole timeout the connection is
 * given up, every call waiting on it fails with a {@code ManagerException} naming the timeout,
 * and the socket is closed (the manager, if it ever resumes, then cancels those calls). So a call
 * that waits on purpose ({@code take}) waits as long as the manager answers, and a frozen manager
 * fails calls within about the timeout.
 *
 * <p>Interrupts: a caller interrupted while it waits for an interruptible call sends {@link
 * Requests#CANCEL} and goes on waiting for the answer, which is then the manager's {@link
 * InterruptedException} or, if the call had finished, its result. The interrupt status is kept
 * aside while the caller waits and is returned in {@link Call#interrupted}.
 */
final class ClientConnection {
  /** How long a waiter parks before it checks whether a leader is needed. */
  private static final long WAITER_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final Connection socket;
  private final String where;
  private final long timeoutNanos;
  private final LongSupplier ids;
  private final ConcurrentHashMap<Long, Call> calls = new ConcurrentHashMap<>();
  private final ReentrantLock reading = new ReentrantLock();
  private volatile long lastHeard = System.nanoTime();

  /** The id of the ping waiting for its answer, 0 for none. */
  private volatile long pingOut;

  private volatile @Nullable Lost lost;

  /** Why a connection was given up. */
  record Lost(boolean timedOut, @Nullable Throwable cause) {}

  /** A call waiting for its answer. Confined to its caller, but for {@link #answer}. */
  static final class Call {
    final long id;
    final @Nullable Thread caller;
    final boolean interruptible;

    /** The answer's envelope, or a {@link Lost}. */
    volatile @Nullable Object answer;

    /** Whether the caller was interrupted while it waited. */
    boolean interrupted;

    private boolean cancelSent;

    Call(long id, @Nullable Thread caller, boolean interruptible) {
      this.id = id;
      this.caller = caller;
      this.interruptible = interruptible;
    }
  }

  ClientConnection(Connection socket, String where, Duration callTimeout, LongSupplier ids) {
    this.socket = socket;
    this.where = where;
    this.timeoutNanos = callTimeout.toNanos();
    this.ids = ids;
  }

  /** Calls waiting on this connection: how busy it is. */
  int load() {
    return calls.size();
  }

  /** Whether new calls may use it. */
  boolean usable() {
    return lost == null && !socket.closed();
  }

  /**
   * Sends a request made for {@code id} and waits for its answer.
   *
   * @return the call, answered: its {@code answer} is the envelope or a {@link Lost}
   */
  Call call(long id, List<Object> request, boolean interruptible) {
    Call c = new Call(id, Thread.currentThread(), interruptible);
    if (calls.isEmpty()) {
      lastHeard = System.nanoTime(); // the silence that counts starts with the first call
    }
    calls.put(id, c);
    try {
      socket.send(request);
    } catch (RuntimeException e) {
      giveUp(new Lost(false, e));
    }
    await(c);
    return c;
  }

  /** Sends a message that is not answered; a failure gives the connection up. */
  void tell(List<Object> message) {
    try {
      socket.send(message);
    } catch (RuntimeException e) {
      giveUp(new Lost(false, e));
    }
  }

  private void await(Call c) {
    while (c.answer == null) {
      if (reading.tryLock()) {
        try {
          lead(c);
        } finally {
          reading.unlock();
          passOn();
        }
      } else {
        LockSupport.parkNanos(this, WAITER_PARK_NANOS);
      }
      if (Thread.interrupted()) {
        interrupted(c);
      }
    }
  }

  /** Reads answers until {@code mine} has one. Called with {@link #reading} held. */
  private void lead(Call mine) {
    while (mine.answer == null) {
      Lost gone = lost;
      if (gone != null) {
        mine.answer = gone;
        return;
      }
      long silent = System.nanoTime() - lastHeard;
      if (silent >= timeoutNanos) {
        giveUp(new Lost(true, null));
        continue;
      }
      long pingAfter = timeoutNanos / 4;
      if (silent >= pingAfter && pingOut == 0) {
        long id = ids.getAsLong();
        calls.put(id, new Call(id, null, false));
        pingOut = id;
        tell(Requests.control(Requests.PING, id));
      }
      long wait = silent < pingAfter ? pingAfter - silent : timeoutNanos - silent;
      Object message;
      try {
        if (!socket.poll(Duration.ofNanos(Math.max(1, wait)))) {
          continue;
        }
        boolean flag = Thread.interrupted(); // the message is arriving: read it whole
        try {
          message = socket.recv();
        } finally {
          if (flag) {
            interrupted(mine);
          }
        }
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof InterruptedIOException
            && !socket.closed()
            && !(e instanceof ConnectionClosedException)) {
          Thread.interrupted();
          interrupted(mine);
          continue;
        }
        giveUp(new Lost(false, e));
        continue;
      } catch (RuntimeException e) { // an envelope that does not decode: a broken stream
        giveUp(new Lost(false, e));
        continue;
      }
      lastHeard = System.nanoTime();
      deliver(message);
    }
  }

  private void deliver(@Nullable Object message) {
    List<?> wire;
    try {
      wire = Requests.envelope(message);
    } catch (IllegalArgumentException e) {
      giveUp(new Lost(false, e));
      return;
    }
    Call c = calls.remove(Requests.id(wire));
    if (c == null) {
      return; // the answer to a call given up
    }
    if (c.caller == null) {
      pingOut = 0;
      return;
    }
    c.answer = wire;
    LockSupport.unpark(c.caller);
  }

  /** The caller of {@code c} was interrupted: ask the manager to cancel an interruptible call. */
  private void interrupted(Call c) {
    c.interrupted = true;
    if (c.interruptible && !c.cancelSent && c.answer == null) {
      c.cancelSent = true;
      tell(Requests.control(Requests.CANCEL, c.id));
    }
  }

  /** Wakes one caller still waiting, to lead. */
  private void passOn() {
    for (Call c : calls.values()) {
      if (c.caller != null && c.answer == null) {
        LockSupport.unpark(c.caller);
        return;
      }
    }
  }

  /** Gives the connection up: every waiting call gets {@code why}; the socket is closed. */
  private void giveUp(Lost why) {
    synchronized (this) {
      if (lost != null) {
        return;
      }
      lost = why;
    }
    socket.close();
    for (Call c : calls.values()) {
      if (c.answer == null) {
        c.answer = why;
      }
      if (c.caller != null) {
        LockSupport.unpark(c.caller);
      }
    }
    calls.clear();
  }

  /** Closes the socket; waiting calls fail as if the manager were gone. */
  void close() {
    giveUp(new Lost(false, new ConnectionClosedException("closed by this process")));
  }

  @Override
  public String toString() {
    return "ClientConnection["
        + where
        + ", "
        + calls.size()
        + " calls"
        + (lost != null ? ", lost]" : "]");
  }
}
