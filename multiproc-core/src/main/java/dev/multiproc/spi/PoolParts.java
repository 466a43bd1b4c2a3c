package dev.multiproc.spi;

import dev.multiproc.pool.Progress;
import dev.multiproc.pool.ResultIterator;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The parts of the process pool that another backend (the threads context) reuses unchanged: the
 * lazy iterator of {@code imap} and the chunking rules.
 */
public final class PoolParts {
  private PoolParts() {}

  /**
   * Returns the iterator of {@code imap}/{@code imapUnordered}/{@code executor.map}: it submits
   * chunks while fewer than {@code window} are submitted and not consumed.
   *
   * @param input the inputs; may be endless
   * @param chunksize items per chunk, at least 1
   * @param window the most chunks submitted and not yet consumed
   * @param ordered whether results come in input order
   * @param deadline the deadline of the whole iteration from now; zero for none
   * @param submitChunk submits a chunk; its outcome is the list of the chunk's results
   * @param progress whether and where to show progress
   * @param label the progress line's label, such as {@code imap}
   * @param total the number of items, or -1 when unknown
   * @param <R> the result type
   * @return the iterator
   * @throws IllegalArgumentException if {@code chunksize < 1}
   */
  public static <R> ResultIterator<R> lazyResults(
      Iterator<?> input,
      int chunksize,
      int window,
      boolean ordered,
      Duration deadline,
      Function<List<Object>, Outcome<Object>> submitChunk,
      Progress progress,
      String label,
      long total) {
    Chunking.checkChunksize(chunksize);
    return new LazyResults<>(
        input,
        chunksize,
        window,
        ordered,
        deadline,
        submitChunk,
        ProgressReporter.start(progress, label, total));
  }

  /**
   * Returns Python's default chunk size for {@code map}: {@code ceil(items / (4 * processes))}.
   *
   * @param items the number of items
   * @param processes the pool's size
   * @return the chunk size, at least 1
   */
  public static int defaultChunksize(int items, int processes) {
    return Chunking.defaultChunksize(items, processes);
  }

  /**
   * Checks a chunk size.
   *
   * @param chunksize the chunk size
   * @throws IllegalArgumentException if {@code chunksize < 1}
   */
  public static void checkChunksize(int chunksize) {
    Chunking.checkChunksize(chunksize);
  }

  /**
   * Returns the items as a random-access list (the list itself when it is one).
   *
   * @param items the items
   * @return the list, not to be written
   */
  public static List<Object> toList(Iterable<?> items) {
    return Chunking.toList(items);
  }
}
