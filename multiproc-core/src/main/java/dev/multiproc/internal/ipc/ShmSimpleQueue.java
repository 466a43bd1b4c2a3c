package dev.multiproc.internal.ipc;

import dev.multiproc.internal.shm.SegmentKind;
import dev.multiproc.ipc.SimpleMpQueue;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link SimpleMpQueue} over shared memory: an unbounded {@link ShmQueue} whose items may be
 * null.
 *
 * @param <E> the item type
 */
final class ShmSimpleQueue<E> implements SimpleMpQueue<E>, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  private final ShmQueue<Object> queue;

  ShmSimpleQueue(long ringBytes) {
    this.queue = new ShmQueue<>(SegmentKind.QUEUE, 0, ringBytes);
  }

  @Override
  public void put(@Nullable E item) throws InterruptedException {
    queue.putBytes(ItemCodec.encode(item, "put"), Long.MAX_VALUE);
  }

  @Override
  // NullAway: a queue item may be null (Python's None), which E, bounded by Object, does not say
  @SuppressWarnings({"unchecked", "NullAway"})
  public E get() throws InterruptedException {
    return (E) ItemCodec.decode(Objects.requireNonNull(queue.getBytes(Long.MAX_VALUE)), "get");
  }

  @Override
  public boolean empty() {
    return queue.emptyRing();
  }

  @Override
  public void close() {
    queue.close();
  }

  @Override
  public String toString() {
    return "SimpleMpQueue[" + queue.segmentName() + "]";
  }
}
