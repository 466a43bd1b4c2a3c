package dev.multiproc.cluster.internal;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import java.io.Serial;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A cluster pool's task when the pool has an initializer: in the worker JVM that runs it, the
 * pool's initializer runs first, once per worker for that pool. Members' workers are shared by
 * every pool that sends them work, so a local pool's "initializer at worker start" becomes
 * "initializer before the pool's first task in each worker". An initializer that throws fails the
 * task with its exception and is tried again before the pool's next task in that worker.
 *
 * @param poolId the pool's unique id
 * @param initializer the pool's initializer
 * @param work the task: a {@link SerializableFunction}, {@link SerializableCallable} or {@link
 *     SerializableRunnable}, whichever interface this is called through
 */
record InitFirst(String poolId, SerializableRunnable initializer, Object work)
    implements SerializableFunction<Object, Object>,
        SerializableCallable<Object>,
        SerializableRunnable {
  @Serial private static final long serialVersionUID = 1L;

  /** The pools whose initializer ran in this JVM. */
  private static final Set<String> DONE = ConcurrentHashMap.newKeySet();

  private void ensureInitialized() throws Exception {
    if (DONE.contains(poolId)) {
      return;
    }
    synchronized (DONE) {
      if (!DONE.contains(poolId)) {
        initializer.runChecked();
        DONE.add(poolId);
      }
    }
  }

  @Override
  // NullAway: a value may be null (Python's None), which a type bounded by Object cannot say
  @SuppressWarnings({"unchecked", "NullAway"})
  public @Nullable Object applyChecked(@Nullable Object arg) throws Exception {
    ensureInitialized();
    return ((SerializableFunction<Object, Object>) work).applyChecked(arg);
  }

  @Override
  public @Nullable Object call() throws Exception {
    ensureInitialized();
    return ((SerializableCallable<?>) work).call();
  }

  @Override
  public void runChecked() throws Exception {
    ensureInitialized();
    ((SerializableRunnable) work).runChecked();
  }
}
