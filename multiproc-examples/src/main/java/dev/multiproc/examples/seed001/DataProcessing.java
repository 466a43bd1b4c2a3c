package dev.multiproc.examples.seed001;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 001, §7 "Real-World Example: Parallel Data Processing": 100 numbers in chunks of 10 on a
 * pool of 4; each item becomes a record of its square, square root and factorial (capped at 9!);
 * the first five are printed as JSON.
 *
 * <p>Differences: Python's result dict is the record {@link Processed}, printed by {@link
 * Processed#toJson} as {@code json.dumps(result, indent=2)} prints the dict. The tutorial's {@code
 * progress_monitor} is defined but never called, so it is left out (seed 003's and the library's
 * {@code PoolOptions.withProgress} show progress). Sleeps are as in the tutorial (0.01 s an item).
 */
public final class DataProcessing {
  private DataProcessing() {}

  /**
   * One processed item. Python: the dict {@code {'original', 'processed', 'sqrt', 'factorial'}}.
   *
   * @param original the item
   * @param processed its square
   * @param sqrt its square root
   * @param factorial {@code min(original, 9)!}
   */
  public record Processed(int original, int processed, double sqrt, int factorial)
      implements Serializable {
    /**
     * Returns the record as {@code json.dumps(result, indent=2)} prints the dict.
     *
     * @return the JSON text, on several lines
     */
    public String toJson() {
      return "{\n  \"original\": "
          + original
          + ",\n  \"processed\": "
          + processed
          + ",\n  \"sqrt\": "
          + sqrt
          + ",\n  \"factorial\": "
          + factorial
          + "\n}";
    }
  }

  /**
   * Simulates processing a chunk of data. Python: {@code process_data_chunk(data_chunk)}.
   *
   * @param dataChunk the items
   * @return one record per item
   */
  public static List<Processed> processDataChunk(List<Integer> dataChunk) {
    List<Processed> processedChunk = new ArrayList<>();
    for (int item : dataChunk) {
      // Calculate factorial
      int factorial = 1;
      for (int i = 1; i < Math.min(item + 1, 10); i++) { // Limit to prevent overflow
        factorial *= i;
      }
      Time.sleep(0.01); // Simulate processing time
      processedChunk.add(new Processed(item, item * item, Math.sqrt(item), factorial));
    }
    return processedChunk;
  }

  /**
   * Splits data into chunks for parallel processing. Python: {@code chunk_data(data,
   * chunk_size)}.
   *
   * @param data the items
   * @param chunkSize items per chunk
   * @return the chunks
   */
  public static List<List<Integer>> chunkData(List<Integer> data, int chunkSize) {
    List<List<Integer>> chunks = new ArrayList<>();
    for (int i = 0; i < data.size(); i += chunkSize) {
      chunks.add(List.copyOf(data.subList(i, Math.min(i + chunkSize, data.size()))));
    }
    return chunks;
  }

  /**
   * Runs the example. Python: {@code parallel_data_processing_example()}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // Generate sample data
    List<Integer> data = IntStream.rangeClosed(1, 100).boxed().toList(); // Numbers 1-100
    int chunkSize = 10;
    int numProcesses = 4;

    System.out.println(
        "Processing " + data.size() + " items with " + numProcesses + " processes...");

    // Method 1: Simple parallel processing with Pool
    double startTime = Time.time();
    // Split data into chunks
    List<List<Integer>> dataChunks = chunkData(data, chunkSize);
    // Process chunks in parallel
    List<List<Processed>> results;
    try (Pool pool = Multiprocessing.local().pool(numProcesses)) {
      results = pool.map(DataProcessing::processDataChunk, dataChunks);
    }
    // Flatten results
    List<Processed> finalResults = new ArrayList<>();
    for (List<Processed> chunkResult : results) {
      finalResults.addAll(chunkResult);
    }
    double processingTime = Time.time() - startTime;

    System.out.printf("Processed %d items in %.2f seconds%n", finalResults.size(), processingTime);
    System.out.printf(
        "Average time per item: %.4f seconds%n", processingTime / finalResults.size());

    // Show sample results
    System.out.println();
    System.out.println("Sample results:");
    for (int i = 0; i < Math.min(5, finalResults.size()); i++) {
      System.out.println("  " + finalResults.get(i).toJson());
    }
  }
}
