package dev.multiproc.internal.pool;

import dev.multiproc.internal.classes.CallerChannel;
import dev.multiproc.internal.spawn.PoolRole;
import dev.multiproc.spi.Codec;
import java.io.IOException;

/**
 * The pool's {@link PoolRole}: {@link PoolWorkerLoop}. Declared in {@code module-info} and
 * {@code META-INF/services}.
 */
public final class PoolWorkerRole implements PoolRole {
  /** Makes the provider; {@link java.util.ServiceLoader} does. */
  public PoolWorkerRole() {}

  @Override
  public void run(CallerChannel caller, Codec codec, byte[] initializer) throws IOException {
    PoolWorkerLoop.run(caller, codec, initializer);
  }
}
