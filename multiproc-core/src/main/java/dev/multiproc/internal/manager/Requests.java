package dev.multiproc.internal.manager;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What proxies and manager handles send to a manager, and what it answers.
 *
 * <p>On the wire each is an {@link ArrayList}: a kind, then its fields, then the call's
 * arguments. The codec encodes a list of numbers, strings and byte arrays with one-byte tags
 * and no serialization stream, so a {@code map.put(1, "x")} costs a few dozen bytes and no
 * reflection; arguments of other types make the list fall back to serialization as a whole.
 */
final class Requests {
  private static final int CALL = 0;
  private static final int CREATE = 1;
  private static final int PING = 2;
  private static final int SHUTDOWN = 3;
  private static final int RETURNED = 4;
  private static final int RAISED = 5;

  private Requests() {}

  /** Puts a request or an answer in its wire form. */
  static ArrayList<@Nullable Object> toWire(Object message) {
    ArrayList<@Nullable Object> wire = new ArrayList<>();
    switch (message) {
      case Call c -> {
        wire.add(CALL);
        wire.add(c.id());
        wire.add(c.signature());
        if (c.args() != null) {
          wire.addAll(Arrays.asList(c.args()));
        }
      }
      case Create c -> {
        wire.add(CREATE);
        wire.add(c.typeId());
        if (c.args() != null) {
          wire.addAll(Arrays.asList(c.args()));
        }
      }
      case Ping p -> wire.add(PING);
      case Shutdown s -> wire.add(SHUTDOWN);
      case Returned r -> {
        wire.add(RETURNED);
        wire.add(r.value());
      }
      case Raised r -> {
        wire.add(RAISED);
        wire.add(r.error());
      }
      default -> throw new IllegalArgumentException("not a manager message: " + message);
    }
    return wire;
  }

  /** Reads a request or an answer from its wire form. */
  static Object fromWire(@Nullable Object received) {
    if (!(received instanceof List<?> wire) || wire.isEmpty()
        || !(wire.get(0) instanceof Integer kind)) {
      throw new IllegalArgumentException("not a manager message: " + received);
    }
    return switch (kind) {
      case CALL -> new Call((Long) wire.get(1), (String) wire.get(2), rest(wire, 3));
      case CREATE -> new Create((String) wire.get(1), rest(wire, 2));
      case PING -> new Ping();
      case SHUTDOWN -> new Shutdown();
      case RETURNED -> new Returned(wire.get(1));
      case RAISED -> new Raised((Throwable) wire.get(1));
      default -> throw new IllegalArgumentException("unknown manager message kind " + kind);
    };
  }

  private static @Nullable Object[] rest(List<?> wire, int from) {
    return wire.subList(from, wire.size()).toArray();
  }

  /** Makes an object of {@code typeId}; answered by the new object's id. */
  record Create(String typeId, @Nullable Object[] args) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** Calls {@code signature} (see {@link Signatures}) on object {@code id}. */
  record Call(long id, String signature, @Nullable Object[] args) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** Asks whether the manager is there; answered by {@code "pong"}. */
  record Ping() implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** Stops the manager. */
  record Shutdown() implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** A call's result. */
  record Returned(@Nullable Object value) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** A call's exception, thrown by the object or by the manager. */
  record Raised(Throwable error) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }
}
