package dev.multiproc.cluster.internal;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.spi.RemoteTasks;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Encodes one cluster pool's (or executor's) tasks as a local pool would, each wrapped in an
 * {@link InitFirst} when the pool has an initializer.
 */
final class ClusterTasks {
  private final @Nullable SerializableRunnable initializer;
  private final String poolId = UUID.randomUUID().toString();

  ClusterTasks(PoolOptions options) {
    this.initializer = options.initializer();
  }

  private Object wrap(Object work) {
    return initializer == null ? work : new InitFirst(poolId, initializer, work);
  }

  @SuppressWarnings("unchecked")
  byte[] apply(SerializableFunction<?, ?> fn, @Nullable Object arg) {
    return RemoteTasks.apply((SerializableFunction<?, ?>) wrap(fn), arg);
  }

  byte[] call(SerializableCallable<?> task) {
    return RemoteTasks.call((SerializableCallable<?>) wrap(task));
  }

  byte[] run(SerializableRunnable task) {
    return RemoteTasks.run((SerializableRunnable) wrap(task));
  }

  byte[] chunk(SerializableFunction<?, ?> fn, List<?> args) {
    return RemoteTasks.chunk((SerializableFunction<?, ?>) wrap(fn), args);
  }
}
