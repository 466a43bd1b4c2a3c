package dev.multiproc.cluster.internal;

import dev.multiproc.pool.RemoteException;
import dev.multiproc.pool.RemoteTraceback;
import dev.multiproc.pool.ResultTransferException;
import dev.multiproc.spi.Codec;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.EncodingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a member sends back for a task: one kind byte, then the library's own encoding of the
 * value or the exception; for a batch, one such reply per task, in the batch's order, each with
 * its length.
 *
 * <pre>
 *   VALUE | value         FAILED | exception         NOT_RUN | reason (a String)
 *   batch: count (int) | length (int) | reply | length (int) | reply | ... | member nanos (long)
 * </pre>
 *
 * <p>The member's nanos are its own time for the batch, from its arrival to its last reply (0
 * for a batch it did not run): the caller learns from it how long its tasks take there, without
 * the hop ({@link ServingMember#answered}). A reply that ends after its tasks' replies says
 * none.</p>
 *
 * <p>{@code NOT_RUN} says the member refused the task before a worker saw it (it is shutting
 * down, or its pool is broken): the caller sends it to another member whatever the pool's {@link
 * dev.multiproc.cluster.MemberLoss} policy.
 */
final class Replies {
  static final byte VALUE = 0;
  static final byte FAILED = 1;
  static final byte NOT_RUN = 2;

  private Replies() {}

  /** A decoded reply: a value, or what the task failed with, or the reason it was not run. */
  record Reply(byte kind, @Nullable Object value, @Nullable Throwable error) {}

  /**
   * A result as its worker encoded it, passed on unchanged: the member neither decodes it nor
   * needs its classes; the caller decodes it with its own class filter.
   */
  static byte[] encoded(byte[] result) {
    return framed(VALUE, result);
  }

  static byte[] failed(Throwable error, Codec codec, String member) {
    try {
      return framed(FAILED, codec.encode(error));
    } catch (EncodingException e) {
      var text = new StringWriter();
      error.printStackTrace(new PrintWriter(text));
      var trace =
          new RemoteTraceback(ProcessHandle.current().pid(), "member " + member, text.toString());
      return framed(
          FAILED,
          codec.encode(
              new RemoteException(
                  error.getClass().getName(), String.valueOf(error.getMessage()), trace)));
    }
  }

  static byte[] notRun(String reason, Codec codec) {
    return framed(NOT_RUN, codec.encode(reason));
  }

  private static byte[] framed(byte kind, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = kind;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  /**
   * Frames the replies of a batch's tasks, in order, as one reply.
   *
   * @param replies one per task
   * @param memberNanos the member's own time for the batch, 0 if it ran none of it
   * @return the batch's reply
   */
  static byte[] batch(List<byte[]> replies, long memberNanos) {
    int size = 4 + Long.BYTES;
    for (byte[] r : replies) {
      size += 4 + r.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(replies.size());
    for (byte[] r : replies) {
      out.putInt(r.length).put(r);
    }
    return out.putLong(memberNanos).array();
  }

  /**
   * Splits a batch's reply into its tasks' replies.
   *
   * @param bytes the batch's reply
   * @param tasks how many tasks the batch held
   * @return one reply per task, in order
   * @throws IllegalArgumentException if the reply does not hold that many well-framed replies
   */
  static List<byte[]> split(byte[] bytes, int tasks) {
    List<byte[]> out = new ArrayList<>(tasks);
    ByteBuffer in = walk(bytes, tasks, out);
    if (in.remaining() != Long.BYTES && in.remaining() != 0) { // none: a member that says none
      throw new IllegalArgumentException(
          "a batch of "
              + tasks
              + " tasks was answered with "
              + in.remaining()
              + " bytes after its replies, where the member's time ("
              + Long.BYTES
              + " bytes) belongs");
    }
    return out;
  }

  /**
   * Returns the member's own time for a batch, as its reply says.
   *
   * @param bytes the batch's reply, which {@link #split} accepted
   * @param tasks how many tasks the batch held
   * @return the nanos, or 0 if the member gave none
   */
  static long memberNanos(byte[] bytes, int tasks) {
    ByteBuffer in = walk(bytes, tasks, null);
    return in.remaining() == Long.BYTES ? Math.max(0, in.getLong()) : 0;
  }

  /** Reads past a batch's replies, into {@code out} if given; returns what follows them. */
  private static ByteBuffer walk(byte[] bytes, int tasks, @Nullable List<byte[]> out) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int n = in.remaining() >= 4 ? in.getInt() : -1;
    if (n != tasks) {
      throw new IllegalArgumentException(
          "a batch of " + tasks + " tasks was answered with " + n + " replies");
    }
    for (int i = 0; i < n; i++) {
      int length = in.remaining() >= 4 ? in.getInt() : -1;
      if (length < 1 || length > in.remaining()) {
        throw new IllegalArgumentException(
            "reply " + i + " of a batch of " + tasks + " is cut short or has no kind");
      }
      if (out == null) {
        in.position(in.position() + length);
      } else {
        byte[] r = new byte[length];
        in.get(r);
        out.add(r);
      }
    }
    return in;
  }

  /** Decodes a reply in the caller; a value or exception that cannot be decoded fails the task. */
  static Reply read(byte[] bytes, Codec codec, String member) {
    byte kind = bytes[0];
    Object body;
    try {
      body = codec.decode(Arrays.copyOfRange(bytes, 1, bytes.length));
    } catch (DecodingException e) {
      return new Reply(
          FAILED,
          null,
          new ResultTransferException(
              "cannot decode what member " + member + " sent back: " + e.getMessage(), e));
    }
    return switch (kind) {
      case VALUE -> new Reply(VALUE, body, null);
      case FAILED -> new Reply(FAILED, null, (Throwable) body);
      case NOT_RUN -> new Reply(NOT_RUN, body, null);
      default -> throw new IllegalStateException("unknown reply kind " + kind);
    };
  }
}
