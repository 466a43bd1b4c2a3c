package dev.multiproc.spi;

import dev.multiproc.pool.RemoteException;
import dev.multiproc.pool.ResultIterator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The iterator of {@code imap} and {@code imapUnordered}: it submits chunks only while fewer than
 * {@code window} are submitted and not yet consumed, reading the input on the consumer's thread,
 * so an endless input works and memory stays bounded by the window.
 *
 * <p>Confinement: one consumer thread; chunk completions arrive on reader threads through {@link
 * #done}.
 */
public final class LazyResults<R> implements ResultIterator<R> {
  private final Iterator<?> input;
  private final int chunksize;
  private final int window;
  private final boolean ordered;
  private final Function<List<Object>, Outcome<Object>> submitChunk;
  private final long deadlineNanos;
  private final ArrayDeque<Outcome<Object>> submitted = new ArrayDeque<>();
  private final LinkedBlockingQueue<Outcome<Object>> done = new LinkedBlockingQueue<>();
  private final ProgressReporter progress;
  private Iterator<?> current = Collections.emptyIterator();
  private boolean closed;

  /**
   * Starts a lazy iteration: chunks are submitted as results are taken, at most {@code window}
   * ahead.
   *
   * @param input the items; may be endless
   * @param chunksize items per task
   * @param window how many chunks may be submitted and not yet taken
   * @param ordered whether results come in input order
   * @param deadline the deadline of the whole iteration; {@link Duration#ZERO} for none
   * @param submitChunk sends one chunk
   * @param progress where progress goes
   */
  public LazyResults(
      Iterator<?> input,
      int chunksize,
      int window,
      boolean ordered,
      Duration deadline,
      Function<List<Object>, Outcome<Object>> submitChunk,
      ProgressReporter progress) {
    this.progress = progress;
    this.input = input;
    this.chunksize = chunksize;
    this.window = window;
    this.ordered = ordered;
    this.submitChunk = submitChunk;
    this.deadlineNanos = deadline.isZero() ? 0 : System.nanoTime() + deadline.toNanos();
  }

  private void fill() {
    while (!closed && submitted.size() < window && input.hasNext()) {
      List<Object> items = Chunking.next(input, chunksize);
      Outcome<Object> chunk;
      try {
        chunk = submitChunk.apply(items);
      } catch (RuntimeException e) {
        progress.finish(ProgressReporter.End.FAILED);
        throw e;
      }
      submitted.addLast(chunk);
      if (!ordered) {
        chunk.whenComplete((v, e) -> done.add(chunk));
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (current.hasNext()) {
      return true;
    }
    fill();
    if (submitted.isEmpty()) {
      progress.finish(ProgressReporter.End.DONE);
      return false;
    }
    return true;
  }

  @Override
  public R next() {
    try {
      if (deadlineNanos == 0) {
        return nextWithin(-1);
      }
      return nextWithin(deadlineNanos - System.nanoTime());
    } catch (TimeoutException e) {
      close();
      throw new CompletionException(e);
    }
  }

  @Override
  public R next(Duration timeout) throws TimeoutException {
    return nextWithin(timeout.toNanos());
  }

  @SuppressWarnings("unchecked")
  private R nextWithin(long timeoutNanos) throws TimeoutException {
    if (current.hasNext()) {
      return (R) current.next();
    }
    fill();
    if (submitted.isEmpty()) {
      progress.finish(ProgressReporter.End.DONE);
      throw new NoSuchElementException("no more results");
    }
    Outcome<Object> chunk;
    try {
      chunk = ordered ? submitted.peekFirst() : takeDone(timeoutNanos);
      Object value =
          timeoutNanos < 0
              ? chunk.get()
              : chunk.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
      submitted.remove(chunk);
      List<?> results = (List<?>) value;
      progress.advance(results.size()); // counted as the consumer receives them, as tqdm does
      current = results.iterator();
    } catch (ExecutionException e) {
      submitted.remove(ordered ? submitted.peekFirst() : null);
      progress.finish(ProgressReporter.End.FAILED);
      throw RemoteException.rethrowable(java.util.Objects.requireNonNull(e.getCause()));
    } catch (CancellationException e) { // the chunk was cancelled, or the pool terminated
      progress.finish(ProgressReporter.End.CANCELLED);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      progress.finish(ProgressReporter.End.CANCELLED);
      throw new CancellationException("interrupted while waiting for a result");
    }
    fill();
    return nextWithin(timeoutNanos);
  }

  private Outcome<Object> takeDone(long timeoutNanos)
      throws InterruptedException, TimeoutException {
    Outcome<Object> chunk =
        timeoutNanos < 0 ? done.take() : done.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    if (chunk == null) {
      throw new TimeoutException("no result within the timeout");
    }
    if (chunk.isCompletedExceptionally()) {
      submitted.remove(chunk);
    }
    return chunk;
  }

  @Override
  public void close() {
    closed = true;
    progress.finish(ProgressReporter.End.CANCELLED);
    submitted.forEach(o -> o.cancel(false));
    submitted.clear();
  }
}
