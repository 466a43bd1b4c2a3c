package dev.multiproc.manager;

import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.manager.ManagerClient;
import java.net.SocketAddress;

/**
 * Managers that other JVMs reach by address and key: Python's {@code BaseManager(address,
 * authkey)} with {@code get_server().serve_forever()} on one side and {@code connect()} on the
 * other. For a manager of this program's own processes, use {@code ctx.manager()}.
 *
 * <pre>{@code
 * // on the server machine
 * Manager server = Managers.serve(new InetSocketAddress(50000), key, ManagerOptions.defaults()
 *     .register("jobs", MpQueue.class, args -> jobs));     // the same queue for every client
 * // on a client machine
 * try (Manager m = Managers.connect(new InetSocketAddress("server", 50000), key)) {
 *     MpQueue<String> jobs = m.create("jobs", MpQueue.class);
 * }
 * }</pre>
 *
 * <p>The key is checked by an HMAC challenge in both directions before anything else is sent; a
 * wrong key fails {@link #connect} with {@link dev.multiproc.ipc.AuthenticationException}.
 */
public final class Managers {
  private Managers() {}

  /**
   * Starts a manager in this JVM that listens at {@code address}.
   *
   * @param address a TCP ({@link java.net.InetSocketAddress}) or Unix ({@link
   *     java.net.UnixDomainSocketAddress}) address
   * @param key the auth key clients must have
   * @param options the types it offers beyond the built-in ones
   * @return the manager; closing it shuts it down
   */
  public static Manager serve(SocketAddress address, byte[] key, ManagerOptions options) {
    return ManagerClient.serve(address, key, options, Multiprocessing.local());
  }

  /**
   * Connects to a manager another JVM serves.
   *
   * @param address where it listens
   * @param key its auth key
   * @return the manager; closing it disconnects. Its proxies' call timeout is {@link
   *     ManagerOptions#defaultCallTimeout()}
   * @throws dev.multiproc.ipc.AuthenticationException if the key is wrong
   * @throws ManagerException if nothing answers at {@code address}
   */
  public static Manager connect(SocketAddress address, byte[] key) {
    return ManagerClient.connect(address, key);
  }
}
