package dev.multiproc.spi;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import org.jspecify.annotations.Nullable;

/**
 * The payload of a FAILURE or INIT_FAILED frame. The exception travels encoded on its own, beside
 * its class name, message and stack trace as text, so the caller can still report it when the
 * exception itself cannot be encoded or decoded.
 *
 * @param kind where it failed
 * @param errorClass the exception's class name
 * @param message the exception's message, or a description of the failure
 * @param traceback the worker's stack trace as text
 * @param error the encoded exception, or null if it could not be encoded
 * @param pid the worker's pid
 * @param worker the worker's name
 */
public record TaskFailure(
    Kind kind,
    String errorClass,
    String message,
    String traceback,
    byte @Nullable [] error,
    long pid,
    String worker)
    implements Serializable {

  /** Where a task failed. */
  public enum Kind {
    /** The task's code threw. */
    THREW,
    /** The worker could not decode the task. */
    TASK_NOT_DECODED,
    /** The worker could not encode the result. */
    RESULT_NOT_ENCODED,
    /** The pool's initializer threw. */
    INITIALIZER_THREW
  }

  /**
   * Describes an exception, with the exception itself encoded if it can be.
   *
   * @param kind where it failed
   * @param t the exception
   * @param codec encodes the exception
   * @param pid the worker's pid
   * @param worker the worker's name
   * @return the failure
   */
  public static TaskFailure of(Kind kind, Throwable t, Codec codec, long pid, String worker) {
    byte[] error;
    try {
      error = codec.encode(t);
    } catch (EncodingException e) {
      error = null;
    }
    return new TaskFailure(
        kind,
        t.getClass().getName(),
        String.valueOf(t.getMessage()),
        stackTrace(t),
        error,
        pid,
        worker);
  }

  static String stackTrace(Throwable t) {
    var text = new StringWriter();
    t.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
