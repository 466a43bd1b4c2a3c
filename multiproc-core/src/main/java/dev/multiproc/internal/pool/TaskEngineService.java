package dev.multiproc.internal.pool;

import dev.multiproc.pool.PoolOptions;
import dev.multiproc.spi.TaskEngine;

/**
 * The core's {@link TaskEngine.Factory}: a {@link PoolEngine}. Declared in {@code module-info}
 * and {@code META-INF/services}.
 */
public final class TaskEngineService implements TaskEngine.Factory {
  /** Makes the provider; {@link java.util.ServiceLoader} does. */
  public TaskEngineService() {}

  @Override
  public TaskEngine start(PoolOptions options, String workerPrefix) {
    return new PoolEngine(options, workerPrefix);
  }
}
