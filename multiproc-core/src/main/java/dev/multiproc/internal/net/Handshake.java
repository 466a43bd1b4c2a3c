package dev.multiproc.internal.net;

import dev.multiproc.ipc.AuthenticationException;
import dev.multiproc.ipc.ConnectionClosedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The greeting and mutual HMAC authentication that open every {@link SocketConnection}, before
 * any user message: Python's {@code deliver_challenge} / {@code answer_challenge}, in both
 * directions.
 *
 * <pre>
 *   listener                                   client
 *   HELLO(magic, hasKey)            ──►
 *                                   ◄──        HELLO(magic, hasKey)
 *     (both refuse now if only one side has a key; with no keys the handshake ends here)
 *   CHALLENGE(32 random bytes)      ──►
 *                                   ◄──        DIGEST(HMAC-SHA256(key, "client" | challenge))
 *   WELCOME or FAILURE              ──►
 *                                   ◄──        CHALLENGE(32 random bytes)
 *   DIGEST(HMAC-SHA256(key, "listener" | challenge)) ──►
 *                                   ◄──        WELCOME or FAILURE
 * </pre>
 *
 * <p>Each frame is {@code type (byte) | body}. The role is part of what each side signs, so an
 * answer can never be reflected back to the side that asked. Digests are compared in constant
 * time ({@link MessageDigest#isEqual}). Every read has the same deadline, so a silent or slow peer
 * costs at most {@link #TIMEOUT}; an {@link AuthenticationException} for a handshake that ran out
 * of time has a {@link TimeoutException} as its cause.
 */
final class Handshake {
  /** How long the whole handshake may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final byte HELLO = 1;
  private static final byte CHALLENGE = 2;
  private static final byte DIGEST = 3;
  private static final byte WELCOME = 4;
  private static final byte FAILURE = 5;
  private static final byte[] MAGIC = "multiproc.connection/1".getBytes(StandardCharsets.US_ASCII);
  private static final int CHALLENGE_BYTES = 32;
  private static final int MAX_FRAME = 256;
  private static final byte[] CLIENT = "client".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LISTENER = "listener".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final FramedChannel channel;
  private final byte @Nullable [] key;
  private final Duration timeout;
  private final long deadline;

  private Handshake(FramedChannel channel, byte @Nullable [] key, Duration timeout) {
    this.channel = channel;
    this.key = key;
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  /**
   * Runs the listener's side.
   *
   * @param channel the accepted channel
   * @param key the listener's key, or null for none
   * @param timeout how long the handshake may take
   * @throws AuthenticationException if the peer is refused or refuses; the caller closes
   */
  static void asListener(FramedChannel channel, byte @Nullable [] key, Duration timeout) {
    new Handshake(channel, key, timeout).runListener();
  }

  /**
   * Runs the client's side.
   *
   * @param channel the connected channel
   * @param key the client's key, or null for none
   * @param timeout how long the handshake may take
   * @throws AuthenticationException if the peer is refused or refuses; the caller closes
   */
  static void asClient(FramedChannel channel, byte @Nullable [] key, Duration timeout) {
    new Handshake(channel, key, timeout).runClient();
  }

  private void runListener() {
    guarded(
        () -> {
          send(hello());
          boolean clientHasKey = readHello();
          if (key != null && !clientHasKey) {
            throw new AuthenticationException(
                "the client has no auth key, but this listener requires one");
          }
          if (key == null && clientHasKey) {
            throw new AuthenticationException(
                "the client has an auth key, but this listener has "
                    + "none: give both sides the same key, or neither");
          }
          if (key == null) {
            return;
          }
          if (!challenge(CLIENT)) {
            throw new AuthenticationException(
                "digest received was wrong: the client's auth key does not match this listener's");
          }
          answer(LISTENER);
          if (readVerdict() != WELCOME) {
            throw new AuthenticationException(
                "the client refused this listener: the digest sent "
                    + "was wrong, so the listener's auth key does not match the client's");
          }
        });
  }

  private void runClient() {
    guarded(
        () -> {
          boolean listenerHasKey = readHello();
          send(hello());
          if (key == null && listenerHasKey) {
            throw new AuthenticationException(
                "the listener requires an auth key, but this client has none");
          }
          if (key != null && !listenerHasKey) {
            throw new AuthenticationException(
                "the listener has no auth key, but this client has "
                    + "one: give both sides the same key, or neither");
          }
          if (key == null) {
            return;
          }
          answer(CLIENT);
          if (readVerdict() != WELCOME) {
            throw new AuthenticationException(
                "the listener refused this client: the digest sent "
                    + "was wrong, so the client's auth key does not match the listener's");
          }
          if (!challenge(LISTENER)) {
            throw new AuthenticationException(
                "digest received was wrong: the listener's auth key does not match this client's");
          }
        });
  }

  /** Sends a challenge, checks the answer signed as {@code role}, sends the verdict. */
  private boolean challenge(byte[] role) {
    byte[] challenge = new byte[CHALLENGE_BYTES];
    RANDOM.nextBytes(challenge);
    send(frame(CHALLENGE, challenge));
    byte[] digest = expect(DIGEST, "a digest");
    boolean ok = MessageDigest.isEqual(digest, hmac(role, challenge));
    send(new byte[] {ok ? WELCOME : FAILURE});
    return ok;
  }

  /** Answers the peer's challenge, signing as {@code role}. */
  private void answer(byte[] role) {
    byte[] challenge = expect(CHALLENGE, "a challenge");
    if (challenge.length < CHALLENGE_BYTES) {
      throw new AuthenticationException(
          "protocol error: the challenge from "
              + channel.peer()
              + " has "
              + challenge.length
              + " bytes, fewer than "
              + CHALLENGE_BYTES);
    }
    send(frame(DIGEST, hmac(role, challenge)));
  }

  private byte readVerdict() {
    byte[] message = read();
    if (message.length != 1 || (message[0] != WELCOME && message[0] != FAILURE)) {
      throw protocolError("a verdict", message);
    }
    return message[0];
  }

  private byte[] hello() {
    byte[] body = Arrays.copyOf(MAGIC, MAGIC.length + 1);
    body[MAGIC.length] = (byte) (key != null ? 1 : 0);
    return frame(HELLO, body);
  }

  private boolean readHello() {
    byte[] body = expect(HELLO, "a greeting");
    if (body.length != MAGIC.length + 1
        || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new AuthenticationException(
          "protocol error: "
              + channel.peer()
              + " is not a multiproc connection (unknown greeting)");
    }
    return body[MAGIC.length] != 0;
  }

  private byte[] hmac(byte[] role, byte[] challenge) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Objects.requireNonNull(key), "HmacSHA256"));
      mac.update(role);
      return mac.doFinal(challenge);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  private static byte[] frame(byte type, byte[] body) {
    byte[] frame = new byte[body.length + 1];
    frame[0] = type;
    System.arraycopy(body, 0, frame, 1, body.length);
    return frame;
  }

  private byte[] expect(byte type, String what) {
    byte[] message = read();
    if (message.length == 0 || message[0] != type) {
      throw protocolError(what, message);
    }
    return Arrays.copyOfRange(message, 1, message.length);
  }

  private AuthenticationException protocolError(String expected, byte[] message) {
    return new AuthenticationException(
        "protocol error: expected "
            + expected
            + " from "
            + channel.peer()
            + ", got a message of type "
            + (message.length == 0 ? "(empty)" : Byte.toString(message[0])));
  }

  private void send(byte[] frame) {
    channel.write(frame, 0, frame.length, deadline);
  }

  private byte[] read() {
    int length = channel.readLength(deadline, MAX_FRAME);
    byte[] message = new byte[length];
    channel.readPayload(message, 0, length, deadline);
    return message;
  }

  /** Turns a deadline or an early close into an AuthenticationException. */
  private void guarded(Runnable steps) {
    try {
      steps.run();
    } catch (FramedChannel.DeadlineException e) {
      var late =
          new AuthenticationException(
              "handshake not finished within " + timeout.toMillis() + " ms: " + e.getMessage());
      late.initCause(new TimeoutException(e.getMessage())); // a slow peer, not a wrong key
      throw late;
    } catch (ConnectionClosedException e) {
      throw new AuthenticationException("the handshake did not finish: " + e.getMessage());
    }
  }
}
