package dev.multiproc.ipc;

import org.jspecify.annotations.Nullable;

/**
 * The end-of-stream marker: what Python code puts as {@code None} to tell a consumer that no
 * more items come. An {@link MpQueue} refuses null (as every {@link
 * java.util.concurrent.BlockingQueue}) and {@link java.util.Optional} cannot be sent, so put
 * {@link #END} instead. It is an enum constant: after any trip through a queue or pipe, between
 * processes or cluster members, it is the very same object, so {@code ==} recognises it.
 *
 * <pre>{@code
 * MpQueue<Object> q = ctx.queue();
 * // producer
 * for (String line : lines) q.put(line);
 * q.put(EndOfStream.END);                       // once per consumer
 * // consumer
 * for (Object item = q.get(); item != EndOfStream.END; item = q.get()) {
 *   handle((String) item);
 * }
 * }</pre>
 *
 * <p>A queue typed with an item type of your own ({@code MpQueue<Job>}) keeps its type if the
 * marker is one of its values instead: a constant of a sealed interface or enum of messages, or
 * a record compared with {@code equals}. A {@link SimpleMpQueue} takes null itself, as Python's
 * does.
 */
public enum EndOfStream {
  /** The marker. */
  END;

  /**
   * Tells whether {@code item} is the marker.
   *
   * @param item an item got from a queue or received from a connection
   * @return true if it is {@link #END}
   */
  public static boolean is(@Nullable Object item) {
    return item == END;
  }
}
