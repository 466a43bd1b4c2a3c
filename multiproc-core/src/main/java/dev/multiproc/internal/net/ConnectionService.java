package dev.multiproc.internal.net;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.ipc.SharedMemoryIpc;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.Connections;
import dev.multiproc.ipc.Listener;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The core's {@link Connections.Provider}: Unix and TCP sockets, and the wait that watches shared
 * memory pipe ends by futex. Declared in {@code module-info} and {@code META-INF/services}.
 */
public final class ConnectionService implements Connections.Provider {
  /** Makes the provider; {@link java.util.ServiceLoader} does. */
  public ConnectionService() {}

  @Override
  public Connection connect(SocketAddress address, Optional<byte[]> authKey, ClassFilter filter) {
    return SocketClient.connect(address, authKey.orElse(null), filter);
  }

  @Override
  public Listener listen(
      @Nullable SocketAddress address, Optional<byte[]> authKey, ClassFilter filter) {
    return SocketListener.open(address, authKey.orElse(null), filter);
  }

  @Override
  public <T> List<T> wait(Collection<? extends T> objects, Duration timeout)
      throws InterruptedException {
    return SharedMemoryIpc.wait(objects, timeout);
  }
}
