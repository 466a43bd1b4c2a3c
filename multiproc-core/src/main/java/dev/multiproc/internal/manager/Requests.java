package dev.multiproc.internal.manager;

import java.io.Serial;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/** What proxies and manager handles send to a manager, and what it answers. */
final class Requests {
  private Requests() {}

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
