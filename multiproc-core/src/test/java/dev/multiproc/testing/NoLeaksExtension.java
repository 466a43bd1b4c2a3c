package dev.multiproc.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.internal.footprint.Footprint;
import dev.multiproc.internal.spawn.SpareWorkers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Fails a test class that leaves behind what the library must clean up: processes (children,
 * grandchildren, and orphans re-parented away from this JVM), shared-memory segments, socket
 * files, file descriptors of this JVM, or library threads. See {@link Footprint} for what is
 * counted and the one tolerance (JVM-wide singleton threads may start once).
 *
 * <p>Warm spare workers are the one long-lived helper a test may leave: they are not counted as
 * processes, and the extension waits for the spares to be ready before both snapshots, so that
 * a spare's pipes, socket and output threads are there both times. What ends asynchronously (a
 * killed worker, its reader thread) gets {@link #SETTLE} to go before it counts as a leak.
 *
 * <p>The JDK's pollers for virtual threads, made once per JVM, are started before the first
 * snapshot, so they are not a leak of the class that happened to start them.
 *
 * <p>Orphans are found by the {@value Footprint#MARK} environment variable, which the build sets
 * for the test JVM and which every process it starts inherits.
 */
public final class NoLeaksExtension implements BeforeAllCallback, AfterAllCallback {
  /** How long what ends asynchronously gets before it counts as a leak. */
  public static final Duration SETTLE = Duration.ofSeconds(5);

  private static final Namespace NAMESPACE = Namespace.create(NoLeaksExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws InterruptedException {
    awaitSpares();
    JdkPollers.start();
    context.getStore(NAMESPACE).put("before", Footprint.take());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Footprint before = context.getStore(NAMESPACE).get("before", Footprint.class);
    awaitSpares();
    List<String> leaks = Footprint.settle(before, SETTLE).growthSince(before);
    assertTrue(leaks.isEmpty(), () -> "left behind: " + String.join("\n  ", leaks));
  }

  /**
   * Starts the warm spares if need be and waits until they are ready: a test that counts the
   * process's descriptors counts a spare's socket at both ends (a taken spare is replaced a moment
   * later, not at once).
   *
   * @throws InterruptedException if interrupted
   */
  public static void awaitSpares() throws InterruptedException {
    SpareWorkers.get().warmUp();
    SpareWorkers.get().awaitReady(30_000);
  }
}
