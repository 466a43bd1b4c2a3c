package dev.multiproc.examples.seed000;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.function.Args3;
import dev.multiproc.pool.Pool;
import dev.multiproc.shared.SharedIntArray;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 000, §11b "Memory Usage": {@code pool.map(process_chunk, chunks_of_large_data)}, where each
 * task gets (a copy of) its chunk and returns a doubled copy; then the tutorial's proposed
 * solution, shared memory: the workers double their slice of one shared array in place, and
 * nothing but two indexes travels.
 *
 * <p>Differences: the tutorial leaves {@code chunks_of_large_data} undefined: here it is
 * 0..99,999 in ten chunks of 10,000. The shared-memory half is not in the tutorial's code; it is
 * the "Solution" the section names.
 */
public final class MemoryUsage {
  private MemoryUsage() {}

  /**
   * Each process gets a copy of its chunk. Python: {@code process_chunk(chunk)}.
   *
   * @param chunk the items
   * @return the items doubled
   */
  public static List<Integer> processChunk(List<Integer> chunk) {
    return chunk.stream().map(item -> item * 2).toList();
  }

  /**
   * Doubles {@code data[from..to-1]} in place: nothing is copied between processes.
   *
   * @param data the shared array
   * @param from the first index
   * @param to one past the last index
   * @return how many items were doubled
   */
  public static int processSharedChunk(SharedIntArray data, int from, int to) {
    for (int i = from; i < to; i++) {
      data.set(i, data.get(i) * 2);
    }
    return to - from;
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int size = 100_000;
    int chunkSize = 10_000;
    List<Integer> largeData = IntStream.range(0, size).boxed().toList();
    List<List<Integer>> chunksOfLargeData = new ArrayList<>();
    for (int i = 0; i < size; i += chunkSize) {
      chunksOfLargeData.add(new ArrayList<>(largeData.subList(i, i + chunkSize)));
    }

    Context mp = Multiprocessing.local();
    try (Pool pool = mp.pool(4)) {
      // Could use excessive memory if large_data is very big: every chunk is copied both ways
      List<List<Integer>> results = pool.map(MemoryUsage::processChunk, chunksOfLargeData);
      List<Integer> flat = results.stream().flatMap(List::stream).toList();
      System.out.println(
          "Copied chunks: "
              + results.size()
              + " chunks, "
              + flat.size()
              + " items, the last "
              + flat.get(flat.size() - 1));

      // Solution: shared memory; each task gets only the array's name and two indexes
      try (SharedIntArray shared = mp.sharedIntArray(new int[size], false)) {
        for (int i = 0; i < size; i++) {
          shared.set(i, i);
        }
        List<Args3<SharedIntArray, Integer, Integer>> slices = new ArrayList<>();
        for (int i = 0; i < size; i += chunkSize) {
          slices.add(Args3.args(shared, i, i + chunkSize));
        }
        List<Integer> counts = pool.starmap(MemoryUsage::processSharedChunk, slices);
        int[] doubled = shared.toArray();
        System.out.println(
            "Shared array: "
                + counts.size()
                + " chunks, "
                + counts.stream().mapToInt(Integer::intValue).sum()
                + " items, the last "
                + doubled[size - 1]);
        System.out.println("Same results: " + flat.equals(IntStream.of(doubled).boxed().toList()));
      }
    }
  }
}
