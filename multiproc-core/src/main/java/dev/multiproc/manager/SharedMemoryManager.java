package dev.multiproc.manager;

import dev.multiproc.shared.ShareableList;
import dev.multiproc.shared.SharedMemory;
import dev.multiproc.shared.SharedMemoryException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shared-memory blocks whose lifetime is a block of code: every block made through it is
 * unlinked when it closes. Python's {@code multiprocessing.managers.SharedMemoryManager}.
 *
 * <pre>{@code
 * try (var smm = new SharedMemoryManager()) {
 *     SharedMemory shm = smm.sharedMemory(1 << 20);
 *     ShareableList list = smm.shareableList(List.of(1, 2, 3));
 *     pool.map(Tasks::work, ...);          // tasks attach by name or receive the objects
 * }                                        // both are unlinked here
 * }</pre>
 *
 * <p>Python runs a server process for this; here the blocks are files in {@code /dev/shm}
 * that any process attaches by name, so the manager only has to remember their names, and the
 * resource tracker removes them if this process dies before {@link #close()}.
 */
public final class SharedMemoryManager implements AutoCloseable {
  private final Set<String> names = new LinkedHashSet<>();
  private boolean closed;

  /** Creates a manager with no blocks. Python: {@code SharedMemoryManager(); smm.start()}. */
  public SharedMemoryManager() {}

  /**
   * Creates a block of {@code size} bytes, unlinked when this manager closes. Python: {@code
   * smm.SharedMemory(size)}.
   *
   * @param size the size in bytes
   * @return the block
   */
  public synchronized SharedMemory sharedMemory(long size) {
    checkOpen();
    SharedMemory shm = SharedMemory.create(size);
    names.add(shm.name());
    return shm;
  }

  /**
   * Creates a list in a block unlinked when this manager closes. Python: {@code
   * smm.ShareableList(sequence)}.
   *
   * @param values the items
   * @return the list
   */
  public synchronized ShareableList shareableList(List<?> values) {
    checkOpen();
    ShareableList list = ShareableList.create(values);
    names.add(list.shm().name());
    return list;
  }

  /**
   * Returns the names of the blocks made so far and not yet unlinked.
   *
   * @return the names, oldest first
   */
  public synchronized List<String> names() {
    return new ArrayList<>(names);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this SharedMemoryManager is shut down");
    }
  }

  /**
   * Unlinks every block made through this manager (processes that map one keep it until they
   * let go). Python: {@code smm.shutdown()}. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String name : names) {
      try {
        SharedMemory.attach(name).unlink();
      } catch (SharedMemoryException alreadyGone) {
        // unlinked by its user already
      }
    }
    names.clear();
  }
}
