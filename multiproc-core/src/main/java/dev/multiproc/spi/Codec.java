package dev.multiproc.spi;

/**
 * Turns objects into bytes and back, for everything that crosses a process boundary. The one
 * interface every transport user goes through, so the implementation can change without touching
 * them.
 */
public interface Codec {

  /**
   * Encodes {@code value}.
   *
   * @param value the object graph to encode
   * @return its bytes
   * @throws EncodingException naming the class (and, where it can be found, the captured value)
   *     that cannot be encoded
   */
  byte[] encode(Object value);

  /**
   * Decodes bytes made by {@link #encode}.
   *
   * @param bytes the encoded bytes
   * @return the decoded object
   * @throws DecodingException naming the class that is not allowed or cannot be found
   */
  Object decode(byte[] bytes);
}
