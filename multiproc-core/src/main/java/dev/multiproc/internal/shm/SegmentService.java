package dev.multiproc.internal.shm;

import dev.multiproc.shared.SharedMemory;

/**
 * The core's {@link SharedMemory.Provider}: {@link Segment}s that live until unreachable ({@link
 * Segment.Lifetime#AUTOMATIC}). Declared in {@code module-info} and {@code META-INF/services}.
 */
public final class SegmentService implements SharedMemory.Provider {
  /** Makes the provider; {@link java.util.ServiceLoader} does. */
  public SegmentService() {}

  @Override
  public String newName() {
    return Segment.newName();
  }

  @Override
  public SharedMemory.Mapping create(String name, long size, boolean track) {
    return Segment.create(name, size, track, Segment.Lifetime.AUTOMATIC);
  }

  @Override
  public SharedMemory.Mapping attach(String name) {
    return Segment.attach(name, Segment.Lifetime.AUTOMATIC);
  }

  @Override
  public boolean unlink(String name) {
    return Segment.unlink(name);
  }
}
