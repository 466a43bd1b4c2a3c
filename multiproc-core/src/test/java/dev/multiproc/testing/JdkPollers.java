package dev.multiproc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

/**
 * Starts the JDK's I/O pollers for virtual threads, which it creates once per JVM (each holds an
 * epoll descriptor for the rest of the JVM's life) the first time a virtual thread blocks on a
 * channel. Started before a leak census, they are part of its base and never counted as leaked
 * by the first test that fans out blocking calls to virtual threads.
 */
final class JdkPollers {
  private static boolean started;

  private JdkPollers() {}

  /** Parks one virtual thread on an empty pipe until it is really parked, then wakes it. */
  static synchronized void start() throws InterruptedException {
    if (started) {
      return;
    }
    try {
      Pipe pipe = Pipe.open();
      try (Pipe.SourceChannel source = pipe.source();
          Pipe.SinkChannel sink = pipe.sink()) {
        Thread reader =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        source.read(ByteBuffer.allocate(1));
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    });
        while (reader.getState() != Thread.State.WAITING && reader.isAlive()) {
          Thread.onSpinWait(); // parked in the poller: the pollers exist
        }
        sink.write(ByteBuffer.wrap(new byte[] {1}));
        reader.join();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    started = true;
  }
}
