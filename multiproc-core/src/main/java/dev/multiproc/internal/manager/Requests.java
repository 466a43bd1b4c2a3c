package dev.multiproc.internal.manager;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.TaggedCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What proxies and manager handles send to a manager, and what it answers.
 *
 * <p>Each message is an {@link ArrayList} of a kind, a call id, then the kind's fields; a value
 * (a call's arguments, a result, an exception) travels as a nested {@code byte[]} encoded on its
 * own. The codec encodes a list of numbers, strings and byte arrays with one-byte tags and no
 * serialization stream, so the envelope always decodes, cheaply: an answer whose value cannot be
 * decoded here still reaches its caller (as an error), and a request whose arguments cannot be
 * decoded in the manager is still answered.
 *
 * <pre>
 *   client → manager                                   manager → client
 *   CALL     id, object, signature, session, args      RETURNED id, value
 *   CREATE   id, typeId, args                          RAISED   id, exception
 *   PING     id                (answered "pong")
 *   CANCEL   id of a call      (interrupts it; its answer follows as usual)
 *   HELLO    0, clientId       (first on each connection; not answered)
 *   ENDED    0, session...     (caller threads that ended; not answered)
 *   SHUTDOWN id, STATS id
 * </pre>
 *
 * <p>Calls are answered in any order; a connection carries the calls of many threads at once.
 * {@code session} names the calling thread (0 for none): the manager runs every call of one
 * session on one thread of its own, so a lock taken by a caller thread is held by one manager
 * thread until that caller releases it.
 */
final class Requests {
  static final int CALL = 0;
  static final int CREATE = 1;
  static final int PING = 2;
  static final int SHUTDOWN = 3;
  static final int RETURNED = 4;
  static final int RAISED = 5;
  static final int CANCEL = 6;
  static final int HELLO = 7;
  static final int ENDED = 8;
  static final int STATS = 9;

  /** Encodes values inside messages; decodes only what the default class filter allows. */
  private static final TaggedCodec VALUES = new TaggedCodec(ClassFilter.defaults());

  private Requests() {}

  static ArrayList<Object> call(long id, long object, String signature, long session, byte[] args) {
    return message(CALL, id, object, signature, session, args);
  }

  static ArrayList<Object> create(long id, String typeId, byte[] args) {
    return message(CREATE, id, typeId, args);
  }

  static ArrayList<Object> control(int kind, long id) {
    return message(kind, id);
  }

  static ArrayList<Object> hello(long clientId) {
    return message(HELLO, 0L, clientId);
  }

  static ArrayList<Object> ended(List<Long> sessions) {
    ArrayList<Object> wire = message(ENDED, 0L);
    wire.addAll(sessions);
    return wire;
  }

  static ArrayList<Object> answer(boolean raised, long id, byte[] value) {
    return message(raised ? RAISED : RETURNED, id, value);
  }

  private static ArrayList<Object> message(int kind, long id, Object... fields) {
    ArrayList<Object> wire = new ArrayList<>(2 + fields.length);
    wire.add(kind);
    wire.add(id);
    wire.addAll(Arrays.asList(fields));
    return wire;
  }

  /**
   * Checks a received message's envelope.
   *
   * @return the message as a list
   * @throws IllegalArgumentException if it is not a manager message
   */
  static List<?> envelope(@Nullable Object received) {
    if (!(received instanceof List<?> wire)
        || wire.size() < 2
        || !(wire.get(0) instanceof Integer)
        || !(wire.get(1) instanceof Long)) {
      throw new IllegalArgumentException(
          "not a manager message: " + (received == null ? "null" : received.getClass().getName()));
    }
    return wire;
  }

  static int kind(List<?> wire) {
    return (Integer) wire.get(0);
  }

  static long id(List<?> wire) {
    return (Long) wire.get(1);
  }

  /** A field of a message, checked for its type. */
  static <T> T field(List<?> wire, int index, Class<T> type) {
    if (index >= wire.size() || !type.isInstance(wire.get(index))) {
      throw new IllegalArgumentException(
          "malformed manager message of kind "
              + wire.get(0)
              + ": field "
              + index
              + " is not a "
              + type.getSimpleName());
    }
    return type.cast(wire.get(index));
  }

  /**
   * Encodes a value that goes inside a message.
   *
   * @throws IllegalArgumentException if it cannot be encoded (it names the class)
   */
  // NullAway: null (Python's None) is a value the codecs carry, which Codec's Object does not say
  @SuppressWarnings("NullAway")
  static byte[] encode(@Nullable Object value) {
    try {
      return VALUES.encode(value);
    } catch (EncodingException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Decodes a value that came inside a message.
   *
   * @throws IllegalStateException if it cannot be decoded here (a class the filter refuses or
   *     that is missing)
   */
  static @Nullable Object decode(byte[] bytes) {
    try {
      return VALUES.decode(bytes);
    } catch (DecodingException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Encodes call arguments (null: none) as one list. */
  static byte[] encodeArgs(@Nullable Object @Nullable [] args) {
    return encode(args == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(args)));
  }

  /** Decodes what {@link #encodeArgs} made. */
  static @Nullable Object[] decodeArgs(byte[] bytes) {
    if (!(decode(bytes) instanceof List<?> list)) {
      throw new IllegalArgumentException("malformed call arguments");
    }
    return list.toArray();
  }
}
