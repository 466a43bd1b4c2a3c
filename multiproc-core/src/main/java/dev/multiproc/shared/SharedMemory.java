package dev.multiproc.shared;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A named block of memory shared between processes: Python's {@code
 * multiprocessing.shared_memory.SharedMemory}, a file in {@code /dev/shm} mapped with the FFM
 * API.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create(1 << 20)) {        // a fresh name, tracked
 *     shm.segment().set(ValueLayout.JAVA_INT, 0, 42);
 *     ctx.process(Tasks::readIt, shm).start().join();          // the child attaches by name
 *     shm.unlink();
 * }
 * }</pre>
 *
 * <p>Lifecycle, as in Python: {@link #create} makes the block, {@link #attach} maps an existing
 * one by name, {@link #close()} ends this handle's use of it, {@link #unlink()} removes the name
 * (processes that have it mapped keep their mapping; the memory is freed when the last one
 * lets go). A block created <em>tracked</em> (the default) is unlinked by the resource tracker
 * if it is still there when its process family ends, whether by normal exit, exception,
 * SIGTERM or SIGKILL, but never while a live process still maps it. Unlike Python 3.11,
 * attaching never registers the block with the tracker: only its creator decides its fate.
 *
 * <p>Passed to another process (as a task argument), a {@code SharedMemory} arrives attached to
 * the same block.
 *
 * <p>After {@link #close()}, {@link #segment()} and {@link #buffer()} throw. A {@link
 * MemorySegment} or {@link ByteBuffer} obtained before stays valid (it never crashes the JVM);
 * the mapping is released when the last of them becomes unreachable. This keeps {@code close()}
 * cheap (no handshake with every thread, as closing a shared FFM arena needs).
 */
public final class SharedMemory implements AutoCloseable, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private static final Provider PROVIDER =
      ServiceLoader.load(Provider.class, Provider.class.getClassLoader())
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no "
                          + Provider.class.getName()
                          + " is declared: multiproc-core's module-info or META-INF/services is missing"));

  /** The block's name. */
  private final String name;

  private transient Mapping segment;
  private transient AtomicBoolean closed = new AtomicBoolean();

  private SharedMemory(Mapping segment) {
    this.name = segment.name();
    this.segment = segment;
  }

  /**
   * Creates a block of {@code size} bytes, zero-filled, under a fresh name, tracked.
   *
   * @param size the size in bytes, at least 1
   * @return the block
   * @throws IllegalArgumentException if {@code size < 1}
   * @throws SharedMemoryException if the system refuses
   */
  public static SharedMemory create(long size) {
    return create(PROVIDER.newName(), size, true);
  }

  /**
   * Creates a block named {@code name}, tracked. Python: {@code SharedMemory(name, create=True,
   * size=size)}.
   *
   * @param name the name (Python's optional leading {@code /} is accepted)
   * @param size the size in bytes, at least 1
   * @return the block
   * @throws SharedMemoryException if a block of that name exists already
   */
  public static SharedMemory create(String name, long size) {
    return create(name, size, true);
  }

  /**
   * Creates a block named {@code name}. Python 3.13: {@code SharedMemory(name, create=True,
   * size=size, track=track)}.
   *
   * @param name the name
   * @param size the size in bytes, at least 1
   * @param track whether the resource tracker unlinks it when the process family ends
   * @return the block
   * @throws SharedMemoryException if a block of that name exists already
   */
  public static SharedMemory create(String name, long size, boolean track) {
    return new SharedMemory(PROVIDER.create(name, size, track));
  }

  /**
   * Maps the existing block {@code name}. Python: {@code SharedMemory(name)}.
   *
   * @param name the name
   * @return the block
   * @throws SharedMemoryException if no block of that name exists
   */
  public static SharedMemory attach(String name) {
    return new SharedMemory(PROVIDER.attach(name));
  }

  /**
   * Returns the block's name, which other processes attach by.
   *
   * @return the name, without a leading slash
   */
  public String name() {
    return name;
  }

  /**
   * Returns the block's size.
   *
   * @return the size in bytes
   */
  public long size() {
    return segment.size();
  }

  /**
   * Returns the block's memory, for {@code ValueLayout} and {@code VarHandle} access (whose
   * atomic operations are atomic across processes).
   *
   * @return the memory
   * @throws IllegalStateException if this handle is closed
   */
  public MemorySegment segment() {
    checkOpen();
    return segment.memory();
  }

  /**
   * Returns a {@link ByteBuffer} over the block (Python's {@code buf}). Like every new buffer it
   * is big-endian; set {@code order(ByteOrder.nativeOrder())} to match {@link #segment()}.
   *
   * @return a buffer over the whole block
   * @throws IllegalStateException if this handle is closed
   * @throws UnsupportedOperationException if the block is larger than 2 GiB (use {@link
   *     #segment()})
   */
  public ByteBuffer buffer() {
    checkOpen();
    return segment.memory().asByteBuffer();
  }

  /** Ends this handle's use of the block; the block stays until {@link #unlink()}. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      segment.close();
    }
  }

  /**
   * Removes the block's name: nobody can attach any more; processes that map it keep it until
   * they close. Python: {@code unlink()}. Call it once, in one process.
   *
   * @throws SharedMemoryException if the block was already unlinked
   */
  public void unlink() {
    if (!PROVIDER.unlink(name)) {
      throw new SharedMemoryException("shared memory '" + name + "' was already unlinked");
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("shared memory '" + name + "' is closed in this process");
    }
  }

  /**
   * Attaches the received copy to the block by name.
   *
   * @param in the stream
   * @throws IOException if the block no longer exists ({@link InvalidObjectException})
   * @throws ClassNotFoundException never, in practice
   */
  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    closed = new AtomicBoolean();
    try {
      segment = PROVIDER.attach(name);
    } catch (SharedMemoryException e) {
      var invalid =
          new InvalidObjectException("SharedMemory cannot be received: " + e.getMessage());
      invalid.initCause(e);
      throw invalid;
    }
  }

  @Override
  public String toString() {
    return "SharedMemory[name=" + name + ", size=" + segment.size() + "]";
  }

  /**
   * What {@link SharedMemory} is built on: files in {@code /dev/shm}, their mappings and the
   * resource tracker. The core provides it, found through {@link ServiceLoader}; applications do
   * not implement or call it.
   */
  public interface Provider {
    /**
     * Returns a fresh name no block has.
     *
     * @return the name
     */
    String newName();

    /**
     * Makes a block and maps it; see {@link SharedMemory#create(String, long, boolean)}.
     *
     * @param name its name
     * @param size its size in bytes
     * @param track whether the resource tracker unlinks it when the process family ends
     * @return the mapping, released when closed and unreachable
     */
    Mapping create(String name, long size, boolean track);

    /**
     * Maps an existing block; see {@link SharedMemory#attach(String)}.
     *
     * @param name its name
     * @return the mapping, released when closed and unreachable
     */
    Mapping attach(String name);

    /**
     * Removes a block's name.
     *
     * @param name its name
     * @return false if it was already gone
     */
    boolean unlink(String name);
  }

  /** A block's mapping in this process, as a {@link Provider} returns it. */
  public interface Mapping extends AutoCloseable {
    /**
     * Returns the block's name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the block's size.
     *
     * @return the size in bytes
     */
    long size();

    /**
     * Returns the mapped memory.
     *
     * @return the memory
     */
    MemorySegment memory();

    /** Ends this mapping's use; memory obtained before stays valid until unreachable. */
    @Override
    void close();
  }
}
