package dev.multiproc.examples.seed004;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.process.ChildProcess;
import java.util.List;

/**
 * Seed 004, "Sharing Data with Pipe": a sender process and a receiver process talk through the
 * two ends of a duplex pipe, both ways.
 *
 * <p>Differences: Python's {@code parent_conn, child_conn = Pipe()} is {@code Pipe pipe =
 * mp.pipe()} with ends {@link Pipe#conn1()} and {@link Pipe#conn2()}; closing the pipe in the main
 * process (try-with-resources) closes the main process's copies of both ends.
 */
public final class PipeSharing {
  private PipeSharing() {}

  /**
   * Python: {@code sender(conn)}.
   *
   * @param conn its end of the pipe
   */
  public static void sender(Connection conn) {
    conn.send("Hello from sender");
    conn.send(List.of(1, 2, 3));
    Object response = conn.recv();
    System.out.println("Sender received: " + response);
    conn.close();
  }

  /**
   * Python: {@code receiver(conn)}.
   *
   * @param conn its end of the pipe
   */
  public static void receiver(Connection conn) {
    Object msg = conn.recv();
    System.out.println("Receiver got: " + msg);
    Object data = conn.recv();
    System.out.println("Receiver got: " + data);
    conn.send("Thanks!");
    conn.close();
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while joining
   */
  public static void main(String[] args) throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (Pipe pipe = mp.pipe()) {
      Connection parentConn = pipe.conn1();
      Connection childConn = pipe.conn2();

      ChildProcess p1 = mp.process(PipeSharing::sender, parentConn);
      ChildProcess p2 = mp.process(PipeSharing::receiver, childConn);

      p1.start();
      p2.start();
      p1.join();
      p2.join();
    }
  }
}
