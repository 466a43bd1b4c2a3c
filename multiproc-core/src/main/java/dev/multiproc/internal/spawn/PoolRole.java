package dev.multiproc.internal.spawn;

import dev.multiproc.internal.classes.CallerChannel;
import dev.multiproc.spi.Codec;
import java.io.IOException;

/**
 * What a worker becomes when a pool takes it: the pool's worker loop. The pool package provides
 * it and {@link WorkerMain} finds it through {@link java.util.ServiceLoader} ({@code module-info},
 * {@code META-INF/services}), since pools are built on workers and not the other way round.
 */
public interface PoolRole {
  /**
   * Runs the worker for its pool until the pool releases it, or ends the JVM.
   *
   * @param caller the channel to the parent, shared with the class channel's requests
   * @param codec the codec, with the pool's class filter
   * @param initializer the encoded initializer, or empty
   * @throws IOException if the channel fails
   */
  void run(CallerChannel caller, Codec codec, byte[] initializer) throws IOException;
}
