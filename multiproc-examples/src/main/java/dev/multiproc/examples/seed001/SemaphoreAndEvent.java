package dev.multiproc.examples.seed001;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.examples.Time;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.Held;
import dev.multiproc.sync.MpSemaphore;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001, §6.2 "Semaphores: Controlling Resource Access" ({@link #demonstrateSemaphore}) and
 * §6.3 "Events: Process Coordination" ({@link #demonstrateEvent}).
 *
 * <p>Differences: sleeps are scaled down (2 s of work with the resource becomes 0.2 s; the
 * setter's 3 s becomes 0.3 s). {@code with semaphore:} is {@code try (Held _ =
 * semaphore.hold())}; {@code event.wait()} is {@link Event#await()}, since {@code wait} is taken
 * by {@code Object}.
 */
public final class SemaphoreAndEvent {
  private SemaphoreAndEvent() {}

  /**
   * Worker that accesses a limited resource. Python: {@code access_limited_resource(semaphore,
   * worker_id)}.
   *
   * @param semaphore the semaphore
   * @param workerId the worker's number
   */
  public static void accessLimitedResource(MpSemaphore semaphore, Integer workerId) {
    System.out.println("Worker " + workerId + ": Waiting for resource...");
    try (Held _ = semaphore.hold()) { // Acquire semaphore
      System.out.println("Worker " + workerId + ": Got resource, working...");
      Time.sleep(0.2); // Simulate work with resource
      System.out.println("Worker " + workerId + ": Releasing resource");
    } // Semaphore automatically released here
  }

  /**
   * Allows only 2 workers to access the resource at once. Python: {@code demonstrate_semaphore()}.
   *
   * @throws InterruptedException if interrupted while joining
   */
  public static void demonstrateSemaphore() throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (MpSemaphore semaphore = mp.semaphore(2)) {
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ChildProcess p = mp.process(SemaphoreAndEvent::accessLimitedResource, semaphore, i + 1);
        processes.add(p);
        p.start();
      }
      for (ChildProcess p : processes) {
        p.join();
      }
    }
  }

  /**
   * Process that waits for an event. Python: {@code waiter(event, name)}.
   *
   * @param event the event
   * @param name the waiter's name
   */
  public static void waiter(Event event, String name) {
    System.out.println(name + ": Waiting for event...");
    try {
      event.await(); // Block until event is set
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    System.out.println(name + ": Event received! Continuing...");
  }

  /**
   * Process that sets the event. Python: {@code setter(event)}.
   *
   * @param event the event
   */
  public static void setter(Event event) {
    System.out.println("Setter: Working for 0.3 seconds...");
    Time.sleep(0.3);
    System.out.println("Setter: Setting event!");
    event.set(); // Wake up all waiting processes
  }

  /**
   * Three waiters and a setter. Python: {@code demonstrate_event()}.
   *
   * @throws InterruptedException if interrupted while joining
   */
  public static void demonstrateEvent() throws InterruptedException {
    Context mp = Multiprocessing.local();
    try (Event event = mp.event()) {
      List<ChildProcess> waiters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ChildProcess p = mp.process(SemaphoreAndEvent::waiter, event, "Waiter-" + (i + 1));
        waiters.add(p);
        p.start();
      }

      ChildProcess setterProcess = mp.process(SemaphoreAndEvent::setter, event);
      setterProcess.start();

      setterProcess.join();
      for (ChildProcess p : waiters) {
        p.join();
      }
    }
  }

  /**
   * Runs §6.2's example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void semaphoreMain(String[] args) throws InterruptedException {
    demonstrateSemaphore();
  }

  /**
   * Runs §6.3's example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void eventMain(String[] args) throws InterruptedException {
    demonstrateEvent();
  }
}
