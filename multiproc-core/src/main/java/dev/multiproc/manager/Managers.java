package dev.multiproc.manager;

import java.net.SocketAddress;
import java.util.ServiceLoader;

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
  private static final Provider PROVIDER =
      ServiceLoader.load(Provider.class, Provider.class.getClassLoader())
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no "
                          + Provider.class.getName()
                          + " is declared: multiproc-core's module-info or META-INF/services is missing"));

  private Managers() {}

  /**
   * What {@link Managers} is built on: managers served by this JVM, whose queues and locks are
   * the local context's, and connections to managers elsewhere. The core provides it, found
   * through {@link ServiceLoader}; applications do not implement or call it.
   */
  public interface Provider {
    /**
     * Starts a manager in this JVM; see {@link Managers#serve}.
     *
     * @param address where it listens
     * @param key the auth key
     * @param options the types it offers beyond the built-in ones
     * @return the manager
     */
    Manager serve(SocketAddress address, byte[] key, ManagerOptions options);

    /**
     * Connects to a manager; see {@link Managers#connect}.
     *
     * @param address where it listens
     * @param key its auth key
     * @return the manager
     */
    Manager connect(SocketAddress address, byte[] key);
  }

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
    return PROVIDER.serve(address, key, options);
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
    return PROVIDER.connect(address, key);
  }
}
