package dev.multiproc.internal.classes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a class request: the resource's bytes with their SHA-256, or why there are none.
 *
 * <pre>
 *   found:   1 (byte) | sha-256 (32 bytes) | bytes
 *   missing: 0 (byte) | why (UTF-8)
 * </pre>
 *
 * <p>The hash names the content: the worker checks it, and a cache of several workers (a cluster
 * member's) can keep one copy of code that many callers send.
 *
 * @param bytes the resource, or null if the caller has none by that name
 * @param hash the SHA-256 of {@code bytes}, or null
 * @param why when there are no bytes: which loaders were asked, for the worker's error
 */
public record ClassReply(byte @Nullable [] bytes, byte @Nullable [] hash, String why) {
  private static final byte FOUND = 1;
  private static final byte MISSING = 0;
  private static final int HASH_BYTES = 32;

  /**
   * The reply that carries a resource.
   *
   * @param bytes its bytes
   * @return the reply
   */
  public static ClassReply found(byte[] bytes) {
    return new ClassReply(bytes, sha256(bytes), "");
  }

  /**
   * The reply that says there is no such resource.
   *
   * @param why which loaders were asked
   * @return the reply
   */
  public static ClassReply missing(String why) {
    return new ClassReply(null, null, why);
  }

  /**
   * Returns the hash as hex digits.
   *
   * @return the hex, or {@code "-"} if nothing was found
   */
  public String hashHex() {
    return hash == null ? "-" : HexFormat.of().formatHex(hash);
  }

  /**
   * Encodes the reply as a frame payload.
   *
   * @return the payload
   */
  public byte[] encode() {
    if (bytes == null || hash == null) {
      byte[] text = why.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(1 + text.length).put(MISSING).put(text).array();
    }
    return ByteBuffer.allocate(1 + HASH_BYTES + bytes.length)
        .put(FOUND)
        .put(hash)
        .put(bytes)
        .array();
  }

  /**
   * Decodes a payload made by {@link #encode}, checking the hash.
   *
   * @param payload the payload
   * @return the reply
   * @throws IllegalArgumentException if the payload is malformed or its bytes do not match their
   *     hash
   */
  public static ClassReply decode(byte[] payload) {
    if (payload.length == 0) {
      throw new IllegalArgumentException("an empty class reply");
    }
    if (payload[0] == MISSING) {
      return missing(new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8));
    }
    if (payload[0] != FOUND || payload.length < 1 + HASH_BYTES) {
      throw new IllegalArgumentException(
          "a malformed class reply of " + payload.length + " bytes, starting with " + payload[0]);
    }
    byte[] hash = Arrays.copyOfRange(payload, 1, 1 + HASH_BYTES);
    byte[] bytes = Arrays.copyOfRange(payload, 1 + HASH_BYTES, payload.length);
    if (!MessageDigest.isEqual(hash, sha256(bytes))) {
      throw new IllegalArgumentException(
          "a class reply whose " + bytes.length + " bytes do not match their SHA-256");
    }
    return new ClassReply(bytes, hash, "");
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
