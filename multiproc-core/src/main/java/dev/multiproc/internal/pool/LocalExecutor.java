package dev.multiproc.internal.pool;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ProcessPoolExecutor;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.pool.TaskTransferException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link ProcessPoolExecutor} on worker JVMs of this machine. */
public final class LocalExecutor implements ProcessPoolExecutor {
  private final PoolEngine engine;
  /** Tasks not finished, so shutdownNow can hand back those that never started. */
  private final Map<Outcome<Object>, Runnable> unfinished = new ConcurrentHashMap<>();

  /**
   * Creates the executor and starts its workers.
   *
   * @param options the options
   */
  public LocalExecutor(PoolOptions options) {
    this.engine = new PoolEngine(options, "ExecutorWorker");
    engine.terminateWhenUnreachable(this);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> run(PoolTask task, Runnable local) {
    byte[] bytes = engine.encode(task);
    Outcome<Object> outcome = new Outcome<>();
    unfinished.put(outcome, local);
    outcome.whenComplete((v, e) -> unfinished.remove(outcome));
    try {
      engine.submit(bytes, outcome);
    } catch (IllegalStateException e) {
      unfinished.remove(outcome);
      throw new RejectedExecutionException("executor is shut down: " + e.getMessage(), e);
    }
    return (CompletableFuture<T>) (CompletableFuture<?>) outcome;
  }

  @Override
  public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
    return run(new Tasks.Call(task), () -> {
      try {
        task.call();
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
  }

  @Override
  public CompletableFuture<?> submit(SerializableRunnable task) {
    return run(new Tasks.Run(task), task);
  }

  @Override
  public <T, R> CompletableFuture<R> submit(SerializableFunction<T, R> fn, T arg) {
    return run(new Tasks.Apply(LocalPool.erase(fn), arg), () -> fn.apply(arg));
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    checkRunning();
    return submit(serializable(task));
  }

  @Override
  public Future<?> submit(Runnable task) {
    checkRunning();
    return submit(serializable(task));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    checkRunning();
    SerializableRunnable r = serializable(task);
    return run(new Tasks.Call(() -> {
      r.run();
      return result;
    }), r);
  }

  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  private void checkRunning() {
    if (engine.isShutdown()) {
      throw new RejectedExecutionException("executor is shut down");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> SerializableCallable<T> serializable(Callable<T> task) {
    if (task instanceof SerializableCallable<?> s) {
      return (SerializableCallable<T>) s;
    }
    if (task instanceof Serializable) {
      return task::call;
    }
    throw notSerializable(task);
  }

  private static SerializableRunnable serializable(Runnable task) {
    if (task instanceof SerializableRunnable s) {
      return s;
    }
    if (task instanceof Serializable) {
      return task::run;
    }
    throw notSerializable(task);
  }

  private static TaskTransferException notSerializable(Object task) {
    return new TaskTransferException(
        "cannot send the task to a worker: class " + task.getClass().getName()
            + " is not Serializable; pass a SerializableCallable or SerializableRunnable (a lambda"
            + " becomes one when the executor's variable has type ProcessPoolExecutor)",
        null);
  }

  @Override
  public <T, R> ResultIterator<R> map(
      SerializableFunction<T, R> fn, Iterable<? extends T> items, Duration timeout, int chunksize) {
    if (engine.isShutdown()) {
      throw new RejectedExecutionException("executor is shut down");
    }
    return LocalPool.lazy(engine, "map", fn, items, chunksize, true, timeout);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      futures.add(submit(task));
    }
    for (Future<T> f : futures) {
      try {
        f.get();
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        // the future holds it
      }
    }
    return futures;
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      futures.add(submit(task));
    }
    for (Future<T> f : futures) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        // the future holds it
      } catch (TimeoutException e) {
        futures.forEach(other -> other.cancel(true));
        break;
      }
    }
    return futures;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, -1, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no timeout was set", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    var first = new CompletableFuture<T>();
    var failures = new ArrayList<Throwable>();
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      CompletableFuture<T> f = submit(serializable(task));
      futures.add(f);
      f.whenComplete((v, e) -> {
        if (e == null) {
          first.complete(v);
        } else {
          synchronized (failures) {
            failures.add(e);
            if (failures.size() == tasks.size()) {
              first.completeExceptionally(e);
            }
          }
        }
      });
    }
    try {
      return timeout < 0 ? first.get() : first.get(timeout, unit);
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
  }

  @Override
  public void shutdown() {
    engine.close();
  }

  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> neverStarted = new ArrayList<>();
    Map<Outcome<Object>, Runnable> before = new java.util.HashMap<>(unfinished);
    for (Outcome<Object> o : engine.terminate()) {
      Runnable r = before.get(o);
      if (r != null) {
        neverStarted.add(r);
      }
    }
    return neverStarted;
  }

  @Override
  public boolean isShutdown() {
    return engine.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return engine.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return engine.awaitTermination(Math.max(0, unit.toNanos(timeout)));
  }

  @Override
  public int processes() {
    return engine.options().processes();
  }

  @Override
  public String toString() {
    return "ProcessPoolExecutor[processes=" + processes() + ", workers=" + engine.workers() + "]";
  }
}
