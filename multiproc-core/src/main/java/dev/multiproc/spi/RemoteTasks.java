package dev.multiproc.spi;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.function.SerializableCallable;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.pool.TaskTransferException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Encodes pool tasks for a {@code PoolEngine} that runs in another JVM: the cluster backend makes
 * the bytes in the caller and a cluster member hands them to its own engine with {@code
 * PoolEngine.submit(byte[])}. The bytes are exactly what a local pool sends its workers, so a
 * function that captures nothing is still encoded once per class.
 */
public final class RemoteTasks {
  private static final TaskCodec CODEC = new TaskCodec(new TaggedCodec(ClassFilter.defaults()));

  private RemoteTasks() {}

  /**
   * Encodes {@code fn(arg)}.
   *
   * @param fn the function
   * @param arg its argument
   * @return the task's bytes
   * @throws TaskTransferException naming what cannot be encoded
   */
  // NullAway: a null argument is Python's None, which the function types do not say
  @SuppressWarnings("NullAway")
  public static byte[] apply(SerializableFunction<?, ?> fn, @Nullable Object arg) {
    return encode(new Tasks.Apply(erase(fn), arg));
  }

  /**
   * Encodes {@code task()}.
   *
   * @param task the task
   * @return the task's bytes
   * @throws TaskTransferException naming what cannot be encoded
   */
  public static byte[] call(SerializableCallable<?> task) {
    return encode(new Tasks.Call(task));
  }

  /**
   * Encodes {@code task()}, whose result is null.
   *
   * @param task the task
   * @return the task's bytes
   * @throws TaskTransferException naming what cannot be encoded
   */
  public static byte[] run(SerializableRunnable task) {
    return encode(new Tasks.Run(task));
  }

  /**
   * Encodes one chunk of a map: its result is the list of {@code fn(a)} for each {@code a}.
   *
   * @param fn the function
   * @param args the chunk's arguments
   * @return the task's bytes
   * @throws TaskTransferException naming what cannot be encoded
   */
  public static byte[] chunk(SerializableFunction<?, ?> fn, List<?> args) {
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) args;
    return encode(new Tasks.Chunk(erase(fn), list));
  }

  private static byte[] encode(PoolTask task) {
    try {
      return CODEC.encode(task);
    } catch (EncodingException e) {
      throw new TaskTransferException("cannot send the task to a worker: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T, R> SerializableFunction<Object, Object> erase(SerializableFunction<T, R> fn) {
    return (SerializableFunction<Object, Object>) (SerializableFunction<?, ?>) fn;
  }
}
