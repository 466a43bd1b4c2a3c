package dev.multiproc.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/** How inputs are cut into chunks. */
public final class Chunking {
  private Chunking() {}

  /**
   * Python's default chunk size for {@code map}: {@code ceil(len / (4 * processes))}, at least 1.
   */
  public static int defaultChunksize(int items, int processes) {
    if (items == 0) {
      return 1;
    }
    int chunksize = items / (processes * 4);
    if (items % (processes * 4) != 0) {
      chunksize++;
    }
    return Math.max(1, chunksize);
  }

  /**
   * Checks a chunk size given by the caller.
   *
   * @param chunksize items per task
   * @throws IllegalArgumentException if it is less than 1
   */
  public static void checkChunksize(int chunksize) {
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be at least 1: chunksize=" + chunksize);
    }
  }

  @SuppressWarnings("unchecked")
  public static <T> List<Object> toList(Iterable<? extends T> items) {
    if (items instanceof List<?> list && items instanceof RandomAccess) {
      return (List<Object>) list; // read, never written
    }
    if (items instanceof Collection<? extends T> c) {
      return new ArrayList<>(c);
    }
    List<Object> list = new ArrayList<>();
    items.forEach(list::add);
    return list;
  }

  /** Reads the next chunk of at most {@code chunksize} items. */
  static List<Object> next(Iterator<?> it, int chunksize) {
    List<Object> chunk = new ArrayList<>(Math.min(chunksize, 1024));
    while (chunk.size() < chunksize && it.hasNext()) {
      chunk.add(it.next());
    }
    return chunk;
  }
}
