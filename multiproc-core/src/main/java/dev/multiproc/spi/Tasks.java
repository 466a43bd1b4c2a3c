package dev.multiproc.spi;

import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import java.util.ArrayList;
import java.util.List;

/** The {@link PoolTask}s a pool sends. */
public final class Tasks {
  private Tasks() {}

  /** {@code fn(arg)}. */
  public record Apply(SerializableFunction<Object, Object> fn, Object arg) implements PoolTask {
    @Override
    public Object call() throws Exception {
      return fn.applyChecked(arg);
    }
  }

  /** {@code callable()}. */
  public record Call(SerializableCallable<?> callable) implements PoolTask {
    @Override
    public Object call() throws Exception {
      return callable.call();
    }
  }

  /** {@code runnable()}, returning null. */
  public record Run(SerializableRunnable runnable) implements PoolTask {
    @Override
    public @org.jspecify.annotations.Nullable Object call() throws Exception {
      runnable.runChecked();
      return null;
    }
  }

  /** {@code [fn(a) for a in args]}: one chunk of a map. */
  public record Chunk(SerializableFunction<Object, Object> fn, List<Object> args)
      implements PoolTask {
    @Override
    public Object call() throws Exception {
      List<Object> results = new ArrayList<>(args.size());
      for (Object arg : args) {
        results.add(fn.applyChecked(arg));
      }
      return results;
    }
  }
}
