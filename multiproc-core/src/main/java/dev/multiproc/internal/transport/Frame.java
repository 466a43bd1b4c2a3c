package dev.multiproc.internal.transport;

import java.util.Objects;

/**
 * One message between a parent and a worker: a kind, a 64-bit id (a task id, or a pid) and an
 * opaque payload made by the codec.
 *
 * <pre>
 *   wire: | length (int, of what follows) | kind (byte) | id (long) | payload (length - 9 bytes) |
 * </pre>
 *
 * @param kind what the frame means
 * @param id the task id, or the pid for {@link Kind#HELLO}
 * @param payload the encoded body
 */
public record Frame(Kind kind, long id, byte[] payload) {

  /** Bytes of kind and id that follow the length word. */
  static final int HEADER_AFTER_LENGTH = 1 + Long.BYTES;

  /** An empty payload. */
  public static final byte[] EMPTY = new byte[0];

  /** The largest payload of a {@link Kind#HELLO}: its key is 64 hex digits. */
  public static final int HELLO_MAX_PAYLOAD = 256;

  /**
   * Creates a frame.
   *
   * @throws NullPointerException if {@code kind} or {@code payload} is null
   */
  public Frame {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
  }

  /**
   * Returns a frame with no payload.
   *
   * @param kind what the frame means
   * @param id the id
   * @return the frame
   */
  public static Frame of(Kind kind, long id) {
    return new Frame(kind, id, EMPTY);
  }

  /** What a frame means, and which side may send it. */
  public enum Kind {
    /** Worker → parent, first frame: id is the worker's pid, payload the parent's key. */
    HELLO,
    /** Parent → worker: the worker's name and class filter. */
    CONFIGURE,
    /** Parent → worker: become a child process and run the encoded {@code ChildProcess}. */
    RUN_PROCESS,
    /** Parent → worker: become a pool worker; payload is the encoded initializer, or empty. */
    INIT_POOL,
    /** Worker → parent: the pool initializer threw; payload is the encoded exception. */
    INIT_FAILED,
    /** Parent → worker: run the encoded task with this id. */
    CALL,
    /** Worker → parent: the task with this id returned the encoded value. */
    RESULT,
    /** Worker → parent: the task with this id threw the encoded exception. */
    FAILURE,
    /** Parent → worker: finish, then exit with code 0. */
    SHUTDOWN,
    /**
     * Worker → parent: this worker exits now on its own (after an {@link OutOfMemoryError}); the
     * tasks sent after the one it answered last were not run.
     */
    EXITING,
    /** Worker → parent: the pool's initializer returned; sent only when there is one. */
    READY,
    /**
     * Parent → pool worker: leave the pool once the tasks sent before are answered, and wait for
     * another pool (a worker kept for reuse).
     */
    RELEASE,
    /** Worker → parent: the last frame a released worker sends as a pool's: it is idle again. */
    RELEASED,
    /**
     * Worker → parent: send the class or resource named in the payload (UTF-8, a resource name
     * such as {@code com/example/Task.class}); id is the request's number. Any side that holds
     * the code may answer, so that a worker of any caller (a local parent, a cluster member)
     * asks the same way.
     */
    CLASS_REQUEST,
    /**
     * Parent → worker: the answer to the {@link #CLASS_REQUEST} or {@link #ORIGIN_CLASS_REQUEST}
     * with this id.
     */
    CLASS_REPLY,
    /**
     * Parent → worker: the {@link #CALL} frames that follow run the code of the caller named in
     * the payload (UTF-8; empty for the pool's own caller), whose classes the worker loads from
     * that caller alone. Sent by a parent whose workers serve several callers (a cluster member),
     * when a worker's next task comes from another caller than its last.
     */
    ORIGIN,
    /**
     * Worker → parent: a {@link #CLASS_REQUEST} for the code of one caller: the payload is the
     * caller's name, as its {@link #ORIGIN} frame named it, a newline, then the resource name
     * (UTF-8). It is answered from that caller's classes only.
     */
    ORIGIN_CLASS_REQUEST;

    private static final Kind[] VALUES = values();

    static Kind of(int code) {
      if (code < 0 || code >= VALUES.length) {
        throw new IllegalArgumentException("unknown frame kind: code=" + code);
      }
      return VALUES[code];
    }
  }
}
