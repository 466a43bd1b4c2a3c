package dev.multiproc.examples.seed000;

import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.pool.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 000, §10 "A Complete Example: Parallel Image Processing": a Gaussian blur (radius 10) of
 * eight images, one after the other, then on a pool of {@code cpu_count()} processes, with the
 * times and the speedup.
 *
 * <p>Differences: no image files and no PIL. An "image path" names an image that {@link
 * #openImage} draws in memory (640×480 grey pixels in an {@code int[]}, a pattern that depends on
 * the name), which stands for {@code Image.open}; {@link #gaussianBlur} is a separable Gaussian
 * with standard deviation 10 (PIL's {@code GaussianBlur(radius=10)}); the blurred image is not
 * saved. The message also gives a checksum of the blurred pixels, so that the example can show
 * that the sequential and the parallel results are the same. The images are small so the example
 * runs in a second or two; at this size, starting the pool's JVMs (and their JIT warming up) costs
 * about as much as the blurs, so on a 2-core machine the "speedup" is below 1 (measured: 0.61 s
 * sequential, 1.00 s parallel). The speedup appears as the work per image grows.
 */
public final class ImageBlur {
  private ImageBlur() {}

  /** Width of the generated images. */
  static final int WIDTH = 640;

  /** Height of the generated images. */
  static final int HEIGHT = 480;

  /**
   * Stands for {@code Image.open(image_path)}: draws a grey image, a checkerboard whose squares'
   * size and brightness depend on the name.
   *
   * @param imagePath the image's name, such as {@code images/image_3.png}
   * @return the pixels, row by row, each 0..255
   */
  public static int[] openImage(String imagePath) {
    int seed = Math.floorMod(imagePath.hashCode(), 1000);
    int square = 8 + seed % 24;
    int[] pixels = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        boolean light = ((x / square) + (y / square)) % 2 == 0;
        pixels[y * WIDTH + x] = light ? 128 + seed % 128 : (x + y + seed) % 64;
      }
    }
    return pixels;
  }

  /**
   * Blurs a grey image with a Gaussian of standard deviation {@code radius}, one pass along rows
   * and one along columns; pixels beyond the edge repeat the edge's.
   *
   * @param pixels the pixels, row by row
   * @param width the width
   * @param height the height
   * @param radius the standard deviation, in pixels
   * @return the blurred pixels, rounded to integers
   */
  public static int[] gaussianBlur(int[] pixels, int width, int height, double radius) {
    int reach = (int) Math.ceil(3 * radius);
    double[] kernel = new double[2 * reach + 1];
    double total = 0;
    for (int k = -reach; k <= reach; k++) {
      kernel[k + reach] = Math.exp(-(k * k) / (2 * radius * radius));
      total += kernel[k + reach];
    }
    for (int k = 0; k < kernel.length; k++) {
      kernel[k] /= total;
    }
    double[] rows = new double[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        for (int k = -reach; k <= reach; k++) {
          int xx = Math.clamp(x + k, 0, width - 1);
          sum += kernel[k + reach] * pixels[y * width + xx];
        }
        rows[y * width + x] = sum;
      }
    }
    int[] blurred = new int[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        for (int k = -reach; k <= reach; k++) {
          int yy = Math.clamp(y + k, 0, height - 1);
          sum += kernel[k + reach] * rows[yy * width + x];
        }
        blurred[y * width + x] = (int) Math.round(sum);
      }
    }
    return blurred;
  }

  /**
   * Applies a blur filter to an image. Python: {@code process_image(image_path)}.
   *
   * @param imagePath the image's name
   * @return what was done, with a checksum of the blurred pixels, or the error
   */
  public static String processImage(String imagePath) {
    String baseName = imagePath.substring(imagePath.lastIndexOf('/') + 1);
    try {
      // Open the image
      int[] img = openImage(imagePath);
      // Apply a Gaussian blur
      int[] blurredImg = gaussianBlur(img, WIDTH, HEIGHT, 10);
      // (The tutorial saves it as blurred_<name>; here it stays in memory.)
      return "Processed "
          + baseName
          + String.format(" (checksum %08x)", Arrays.hashCode(blurredImg));
    } catch (RuntimeException e) {
      return "Error processing " + baseName + ": " + e;
    }
  }

  /**
   * Processes images one by one. Python: {@code process_images_sequentially(image_paths)}.
   *
   * @param imagePaths the images
   * @return one message per image
   */
  public static List<String> processImagesSequentially(List<String> imagePaths) {
    List<String> results = new ArrayList<>();
    for (String path : imagePaths) {
      results.add(processImage(path));
    }
    return results;
  }

  /**
   * Processes images in parallel using a process pool. Python: {@code
   * process_images_parallel(image_paths, num_processes=None)}.
   *
   * @param imagePaths the images
   * @param numProcesses the pool's size; 0 for one per CPU
   * @return one message per image, in order
   */
  public static List<String> processImagesParallel(List<String> imagePaths, int numProcesses) {
    if (numProcesses == 0) {
      numProcesses = Multiprocessing.cpuCount();
    }
    try (Pool pool = Multiprocessing.local().pool(numProcesses)) {
      return pool.map(ImageBlur::processImage, imagePaths);
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // List of images to process
    String imageDir = "images";
    List<String> imagePaths =
        IntStream.range(0, 8).mapToObj(i -> imageDir + "/image_" + i + ".png").toList();

    // Process sequentially
    double startTime = Time.time();
    List<String> sequentialResults = processImagesSequentially(imagePaths);
    double sequentialTime = Time.time() - startTime;
    System.out.printf("Sequential processing time: %.2f seconds%n", sequentialTime);

    // Process in parallel
    startTime = Time.time();
    List<String> parallelResults = processImagesParallel(imagePaths, 0);
    double parallelTime = Time.time() - startTime;
    System.out.printf("Parallel processing time: %.2f seconds%n", parallelTime);

    // Compare performance
    double speedup = sequentialTime / parallelTime;
    System.out.printf("Speedup: %.2fx%n", speedup);

    parallelResults.forEach(System.out::println);
    System.out.println("Results match: " + sequentialResults.equals(parallelResults));
  }
}
