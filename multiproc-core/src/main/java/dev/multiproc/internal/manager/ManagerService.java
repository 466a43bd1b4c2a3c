package dev.multiproc.internal.manager;

import dev.multiproc.manager.Manager;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.manager.Managers;
import java.net.SocketAddress;

/**
 * The core's {@link Managers.Provider}: a manager this JVM serves holds the local context's
 * queues and locks ({@link LocalObjects}). Declared in {@code module-info} and {@code
 * META-INF/services}.
 */
public final class ManagerService implements Managers.Provider {
  /** Makes the provider; {@link java.util.ServiceLoader} does. */
  public ManagerService() {}

  @Override
  public Manager serve(SocketAddress address, byte[] key, ManagerOptions options) {
    return ManagerClient.serve(address, key, options, LocalObjects.INSTANCE);
  }

  @Override
  public Manager connect(SocketAddress address, byte[] key) {
    return ManagerClient.connect(address, key);
  }
}
