package dev.multiproc.faults;

import dev.multiproc.sync.MpSemaphore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Base64;

/**
 * Test support, run in its own JVM: receives a cluster semaphore as it travels between JVMs (it
 * attaches through a client of its own) and uses it. Arguments: cluster name and a member address
 * (unused: the semaphore says where its cluster is), the semaphore in Base64 ({@link #send}),
 * then {@code consume N} (acquires N permits and exits normally) or {@code hold} (takes a permit
 * with {@code hold()}, prints {@code HELD} and waits to be killed).
 */
final class ClusterSemaphoreUserMain {
  private ClusterSemaphoreUserMain() {}

  /** The argument that carries {@code sem} to the other JVM. */
  static String send(MpSemaphore sem) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(sem);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  public static void main(String[] args) throws Exception {
    MpSemaphore sem;
    try (var in =
        new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(args[2])))) {
      sem = (MpSemaphore) in.readObject();
    }
    switch (args[3]) {
      case "consume" -> {
        int n = Integer.parseInt(args[4]);
        for (int i = 0; i < n; i++) {
          if (!sem.acquire(Duration.ofSeconds(30))) {
            System.exit(2);
          }
        }
        System.out.println("CONSUMED");
        System.out.flush();
        System.exit(0);
      }
      case "hold" -> {
        var _ = sem.hold();
        System.out.println("HELD");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(2));
      }
      default -> System.exit(3);
    }
  }
}
