package dev.multiproc.internal.manager;

import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.manager.ManagerException;
import dev.multiproc.spi.DecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One client connection, in the manager: its thread reads requests and sends each where it runs.
 *
 * <pre>
 *   request ─► call that cannot wait (dict.get, list.add, queue.poll …) ──► run here, answer
 *          ─► queue put/get that need not wait (a get: ≤ 200 µs)       ──► run here, answer
 *          ─► call on a lock, condition or registered type             ──► the caller's session
 *          ─► any other call that may wait (take, acquire, await …)    ──► a call thread
 *          ─► CANCEL id                                                 ──► interrupt that call
 * </pre>
 *
 * <p>Calls that run elsewhere answer on this connection themselves (sends are serialized by the
 * connection). Because the thread keeps reading while such calls wait, a cancel, a ping, or the
 * end of the stream is seen at once. When the client goes away every call of this connection
 * that still waits is cancelled, so a dead caller's {@code take} takes nothing; an item a call
 * took for a client that went away as it was answered goes back to its queue ({@link
 * ManagedCall#giveBack}).
 */
final class ServerConnection implements Runnable {
  /**
   * How long a queue get may wait on the reading thread before it moves to a call thread: a
   * producer's next put usually comes sooner, and a get answered here costs no thread switch.
   */
  private static final long INLINE_WAIT_NANOS = 200_000;

  private static final java.util.concurrent.atomic.AtomicLong ANONYMOUS =
      new java.util.concurrent.atomic.AtomicLong();

  private final ManagerServer server;
  private final Connection socket;
  private final Map<Long, ServerCall> running = new ConcurrentHashMap<>();

  /** Whether the client went away (or the connection broke): no answer reaches it any more. */
  private volatile boolean ended;

  /** The client process, from its HELLO: its sessions are shared by its connections. */
  private long clientId = -ANONYMOUS.incrementAndGet();

  ServerConnection(ManagerServer server, Connection socket) {
    this.server = server;
    this.socket = socket;
  }

  ManagerServer server() {
    return server;
  }

  long clientId() {
    return clientId;
  }

  /** Calls of this connection that run elsewhere and have not answered. */
  int running() {
    return running.size();
  }

  void close() {
    ended = true;
    socket.close();
  }

  /** Whether the client went away, or the connection broke: no answer reaches it any more. */
  boolean ended() {
    return ended;
  }

  @Override
  public void run() {
    try {
      while (true) {
        Object message;
        try {
          message = socket.recv();
        } catch (ConnectionClosedException e) {
          return;
        } catch (IllegalStateException e) {
          if (!(e.getCause() instanceof DecodingException)) {
            return; // a stream that does not decode cannot be trusted any more
          }
          // one message refused by the codec's limits, consumed whole: say why, serve on
          reply(
              0,
              true,
              new ManagerException("the manager refused a request: " + e.getMessage(), null));
          continue;
        } catch (RuntimeException e) {
          return; // a stream that does not decode cannot be trusted any more
        }
        if (!handle(Requests.envelope(message))) {
          return;
        }
      }
    } catch (RuntimeException e) {
      // not a manager message, or the client went away while being answered
    } finally {
      ended = true; // first: a call that gets its item from now on puts it back
      socket.close();
      for (ServerCall c : running.values()) {
        c.cancel(); // nobody waits for these any more
      }
      server.disconnected(this);
    }
  }

  /** Handles one request; false to stop reading. */
  private boolean handle(List<?> wire) {
    long id = Requests.id(wire);
    switch (Requests.kind(wire)) {
      case Requests.CALL -> call(id, wire);
      case Requests.CREATE -> {
        try {
          String typeId = Requests.field(wire, 2, String.class);
          @Nullable Object[] args = Requests.decodeArgs(Requests.field(wire, 3, byte[].class));
          reply(id, false, server.create(typeId, args));
        } catch (Throwable t) {
          reply(id, true, t);
        }
      }
      case Requests.PING -> reply(id, false, "pong");
      case Requests.CANCEL -> {
        ServerCall c = running.get(id);
        if (c != null) {
          c.cancel();
        }
      }
      case Requests.HELLO -> {
        clientId = Requests.field(wire, 2, Long.class);
        server.attached(this);
      }
      case Requests.ENDED -> {
        List<Long> ended = new ArrayList<>();
        for (int i = 2; i < wire.size(); i++) {
          ended.add(Requests.field(wire, i, Long.class));
        }
        server.endSessions(clientId, ended);
      }
      case Requests.STATS -> reply(id, false, server.stats());
      case Requests.SHUTDOWN -> {
        reply(id, false, null);
        server.close();
        return false;
      }
      default ->
          reply(
              id,
              true,
              new ManagerException("unknown manager request kind " + Requests.kind(wire), null));
    }
    return true;
  }

  private void call(long id, List<?> wire) {
    ManagerServer.Managed target;
    ManagedCall call;
    @Nullable Object[] args;
    long session;
    try {
      long object = Requests.field(wire, 2, Long.class);
      String signature = Requests.field(wire, 3, String.class);
      session = Requests.field(wire, 4, Long.class);
      target = server.object(object);
      call = ManagedCall.resolve(target.object(), target.api(), signature);
      args = Requests.decodeArgs(Requests.field(wire, 5, byte[].class));
    } catch (Throwable t) { // a bad request, or arguments that do not decode here
      reply(id, true, t);
      return;
    }
    if (target.bySession() && session != 0) {
      ServerCall job = new ServerCall(id, this, call, args);
      running.put(id, job);
      server.session(clientId, session).submit(job);
      return;
    }
    if (call.mayBlock()) {
      try {
        // a get may wait here a little for its item (a producer is usually about to put it),
        // unless other requests are already waiting on this connection
        Object now = call.tryNow(args, () -> socket.poll(Duration.ZERO) ? 0 : INLINE_WAIT_NANOS);
        if (now != ManagedCall.WOULD_WAIT) {
          if (!reply(id, false, server.exportable(now)) && now != null) {
            call.giveBack(now); // the client went away as its item came
          }
          return;
        }
      } catch (Throwable t) {
        reply(id, true, t);
        return;
      }
      ServerCall job = new ServerCall(id, this, call, args);
      running.put(id, job);
      server.runWaiting(job);
      return;
    }
    Object result;
    try {
      result = server.exportable(call.invoke(args));
    } catch (Throwable t) {
      reply(id, true, t);
      return;
    }
    reply(id, false, result);
  }

  /** A call that ran elsewhere is done; it is about to answer. */
  void finished(ServerCall call) {
    running.remove(call.id);
  }

  /**
   * Answers call {@code id}. An answer that cannot be encoded becomes an error that says so; a
   * client that went away is not an error here.
   *
   * @return whether the answer was sent; false if the client went away
   */
  boolean reply(long id, boolean raised, @Nullable Object value) {
    byte[] bytes;
    boolean isError = raised;
    try {
      bytes = Requests.encode(value);
    } catch (IllegalArgumentException unencodable) {
      isError = true;
      bytes =
          Requests.encode(
              new ManagerException(
                  raised
                      ? "the manager's call failed with an exception that cannot be sent back: "
                          + value
                          + " ("
                          + unencodable.getMessage()
                          + ")"
                      : "the manager's answer cannot be sent back: " + unencodable.getMessage(),
                  null));
    }
    try {
      socket.send(Requests.answer(isError, id, bytes));
      return true;
    } catch (RuntimeException gone) {
      ended = true;
      socket.close(); // the client went away; its reading thread ends
      return false;
    }
  }
}
