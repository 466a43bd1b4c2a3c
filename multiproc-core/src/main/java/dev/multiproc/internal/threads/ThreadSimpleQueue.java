package dev.multiproc.internal.threads;

import dev.multiproc.ipc.SimpleMpQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * {@link SimpleMpQueue} in this JVM: an unbounded {@link LinkedBlockingQueue}; null items travel
 * as a marker.
 *
 * @param <E> the item type
 */
public final class ThreadSimpleQueue<E> implements SimpleMpQueue<E> {
  private static final Object NULL = new Object();
  private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  private LinkedBlockingQueue<Object> open() {
    if (closed) {
      throw new IllegalStateException("the queue is closed");
    }
    return items;
  }

  @Override
  public void put(@Nullable E item) throws InterruptedException {
    open().put(item == null ? NULL : item);
  }

  @Override
  // NullAway: a queue item may be null (Python's None), which E, bounded by Object, does not say
  @SuppressWarnings({"unchecked", "NullAway"})
  public E get() throws InterruptedException {
    Object item = open().take();
    return item == NULL ? null : (E) item;
  }

  @Override
  public boolean empty() {
    return open().isEmpty();
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "SimpleMpQueue[threads" + (closed ? ", closed" : ", size " + items.size()) + "]";
  }
}
