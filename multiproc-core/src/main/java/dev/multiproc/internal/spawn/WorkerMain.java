package dev.multiproc.internal.spawn;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.codec.Codec;
import dev.multiproc.internal.codec.TaggedCodec;
import dev.multiproc.internal.pool.PoolWorkerLoop;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import dev.multiproc.internal.transport.SocketFrameChannel;
import dev.multiproc.process.ProcessInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of every worker JVM. It connects back to its parent, waits to be given a job,
 * then becomes either a child process ({@link ChildMain}) or a pool worker ({@link
 * PoolWorkerLoop}). A spare worker waits here, warm, until it is taken.
 *
 * <p>Orphans: the worker's stdin is a pipe from the parent and carries nothing after the key. When
 * the parent dies, however it dies, the kernel closes that pipe; the lifeline thread sees EOF and
 * halts this JVM at once. User code sees an empty {@code System.in}, as Python's children see
 * {@code /dev/null}.
 */
public final class WorkerMain {
  /** Exit code of a worker that halted because its parent died. */
  public static final int EXIT_ORPHANED = 70;

  /** Exit code of a worker whose parent broke the protocol. */
  public static final int EXIT_PROTOCOL = 71;

  private static final ClassFilter BOOTSTRAP = ClassFilter.only();

  private WorkerMain() {}

  /**
   * Runs the worker.
   *
   * @param args the rendezvous socket path
   */
  public static void main(String[] args) {
    InputStream stdin = new FileInputStream(FileDescriptor.in);
    String key;
    try {
      key = readLine(stdin);
    } catch (IOException e) {
      Runtime.getRuntime().halt(EXIT_ORPHANED);
      return;
    }
    System.setIn(new ByteArrayInputStream(new byte[0]));
    watchLifeline(stdin);
    try {
      FrameChannel channel = SocketFrameChannel.connect(Path.of(args[0]));
      long pid = ProcessHandle.current().pid();
      channel.send(new Frame(Frame.Kind.HELLO, pid, key.getBytes(StandardCharsets.US_ASCII)));
      Frame configure = channel.receive();
      if (configure.kind() == Frame.Kind.SHUTDOWN) {
        System.exit(0);
      }
      expect(configure, Frame.Kind.CONFIGURE);
      var config = (WorkerConfig) new TaggedCodec(BOOTSTRAP).decode(configure.payload());
      long parentPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
      CurrentProcessState.becomeWorker(config.name(), new ProcessInfo(config.parentName(), parentPid));
      Codec codec = new TaggedCodec(config.filter());
      Frame job = channel.receive();
      switch (job.kind()) {
        case RUN_PROCESS -> ChildMain.run(codec, job.payload());
        case INIT_POOL -> PoolWorkerLoop.run(channel, codec, job.payload());
        case SHUTDOWN -> System.exit(0);
        default -> throw new IOException("unexpected first job: " + job.kind());
      }
    } catch (EOFException e) {
      System.exit(0); // the parent let go of a spare
    } catch (IOException | RuntimeException e) {
      System.err.println("multiproc worker pid=" + ProcessHandle.current().pid() + ": " + e);
      System.exit(EXIT_PROTOCOL);
    }
  }

  private static void expect(Frame frame, Frame.Kind kind) throws IOException {
    if (frame.kind() != kind) {
      throw new IOException("expected " + kind + " but got " + frame.kind());
    }
  }

  private static String readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream(80);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("no key");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  private static void watchLifeline(InputStream stdin) {
    Thread lifeline =
        new Thread(
            () -> {
              try {
                while (stdin.read() >= 0) {
                  // nothing is sent after the key
                }
              } catch (IOException e) {
                // same as EOF
              }
              Runtime.getRuntime().halt(EXIT_ORPHANED);
            },
            "multiproc-lifeline");
    lifeline.setDaemon(true);
    lifeline.start();
  }
}
