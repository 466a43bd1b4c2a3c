package dev.multiproc.ipc;

import java.util.Objects;

/**
 * The two ends of a pipe: Python's {@code conn1, conn2 = multiprocessing.Pipe(duplex)}. Made by
 * {@code Context.pipe()}.
 *
 * <p>A duplex pipe sends both ways; a one-way pipe's {@link #conn1()} only receives and its
 * {@link #conn2()} only sends, as in Python. Either end can be passed to another process as a
 * task or process argument. The reader of an end sees {@link ConnectionClosedException} once
 * every copy of the other end is closed, or the process that last used it has ended, and every
 * message sent before has been read.
 *
 * @param conn1 the first end (receives only, if the pipe is one-way)
 * @param conn2 the second end (sends only, if the pipe is one-way)
 */
public record Pipe(Connection conn1, Connection conn2) implements AutoCloseable {

  /**
   * Creates the pair.
   *
   * @throws NullPointerException if an end is null
   */
  public Pipe {
    Objects.requireNonNull(conn1, "conn1");
    Objects.requireNonNull(conn2, "conn2");
  }

  /** Closes both ends (in this process). Idempotent. */
  @Override
  public void close() {
    try {
      conn1.close();
    } finally {
      conn2.close();
    }
  }
}
