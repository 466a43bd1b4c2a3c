package dev.multiproc.internal.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.Client;
import dev.multiproc.ipc.Connection;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.spi.Primitives;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An item the manager took out of a queue for a client that went away before it got it goes back
 * to the queue, rather than astray: a caller that gave up on a frozen manager, or died, loses no
 * one else's item. Spoken in the manager's own protocol, so that the client goes away exactly
 * while the answer is on its way: the item is larger than the socket's buffers, so the manager is
 * still sending it when the client closes.
 */
@Timeout(60)
class AbandonedAnswerTest {
  private final byte[] key = ManagerClient.newKey();
  private ManagerServer server;
  private long nextClient = 1;

  @BeforeEach
  void start() {
    server =
        ManagerServer.start(
            null, key, ManagerOptions.defaults(), (Primitives) Multiprocessing.threads());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect() {
    Connection c = Client.connect(server.address(), key);
    c.send(Requests.hello(nextClient++));
    return c;
  }

  /** Sends a call and returns its answer's kind and value. */
  private static List<?> call(Connection c, long id, long object, String signature, Object... args)
      throws Exception {
    c.send(Requests.call(id, object, signature, 0L, Requests.encodeArgs(args)));
    return Requests.envelope(c.recv());
  }

  private static Object value(List<?> answer) {
    Object value = Requests.decode(Requests.field(answer, 2, byte[].class));
    assertEquals(Requests.RETURNED, Requests.kind(answer), () -> "the call raised " + value);
    return value;
  }

  @Test
  void anItemTakenForAClientThatWentAwayMidAnswer_goesBackToItsQueue() throws Exception {
    byte[] item = new byte[16 << 20]; // far more than the sockets buffer
    new Random(7).nextBytes(item);
    long queue;
    try (Connection c = connect()) {
      c.send(Requests.create(1L, "queue", Requests.encodeArgs(new Object[] {0})));
      queue = (Long) value(Requests.envelope(c.recv()));
      value(call(c, 2L, queue, "put(java.lang.Object)", (Object) item));
    }
    try (Connection watcher = connect()) {
      Connection gone = connect();
      gone.send(Requests.call(3L, queue, "take()", 0L, Requests.encodeArgs(new Object[0])));
      // the manager took the item and is sending it: the client reads none of it, and goes
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long id = 10;
      while ((Integer) value(call(watcher, id++, queue, "size()")) != 0) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the manager did not take the item within 30 s");
        }
        Thread.onSpinWait();
      }
      gone.close();
      // a live client then gets it, whole
      Object got =
          value(call(watcher, id, queue, "get(java.time.Duration)", Duration.ofSeconds(10)));
      assertArrayEquals(item, (byte[]) got, "the item came back whole");
    }
  }
}
