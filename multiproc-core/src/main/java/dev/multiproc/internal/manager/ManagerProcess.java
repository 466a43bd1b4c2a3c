package dev.multiproc.internal.manager;

import dev.multiproc.ipc.Connection;
import dev.multiproc.manager.ManagerOptions;
import java.io.Serial;
import java.io.Serializable;

/** The body of a manager's own process: serve until shut down, then end. */
public final class ManagerProcess {
  private ManagerProcess() {}

  /**
   * What the manager process needs.
   *
   * @param key the auth key
   * @param options the registered types
   */
  public record Spec(byte[] key, ManagerOptions options) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * Runs a manager: starts it, sends its address back, and serves until shut down.
   *
   * @param spec the key and types
   * @param reply where to send the address
   */
  public static void serve(Spec spec, Connection reply) {
    ManagerServer server =
        ManagerServer.start(null, spec.key(), spec.options(), LocalObjects.INSTANCE);
    reply.send(server.endpoint().address());
    reply.close();
    try {
      server.awaitShutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
    }
  }
}
