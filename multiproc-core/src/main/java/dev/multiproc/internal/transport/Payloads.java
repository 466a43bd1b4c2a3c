package dev.multiproc.internal.transport;

import java.util.Arrays;

/**
 * How a receiver makes room for a payload whose length a peer announced: as its bytes arrive,
 * never from the length word alone. A peer that announces a gigabyte and sends nothing costs
 * {@value #FIRST_ROOM} bytes; one that sends costs at most {@value #GROWTH} times what it sent.
 * The copies made while growing add up to about a third of the payload.
 */
public final class Payloads {
  /** The room made before more than this has arrived: a small payload gets its array at once. */
  public static final int FIRST_ROOM = 64 * 1024;

  /** How many times larger each new array is. */
  public static final int GROWTH = 4;

  private Payloads() {}

  /**
   * Returns the array to receive a payload into, before all of it has arrived.
   *
   * @param length the payload's announced length
   * @param arrived how many of its bytes are already here
   * @return an array of at most {@code max(arrived, FIRST_ROOM)} bytes, and of exactly {@code
   *     length} bytes when that is not more
   */
  public static byte[] room(int length, int arrived) {
    return new byte[Math.min(length, Math.max(arrived, FIRST_ROOM))];
  }

  /**
   * Returns a larger array holding {@code payload}'s bytes, once they have filled it.
   *
   * @param payload the array, full
   * @param length the payload's announced length, more than the array holds
   * @return an array {@value #GROWTH} times as long, or exactly {@code length} long if that is
   *     less
   */
  public static byte[] grow(byte[] payload, int length) {
    return Arrays.copyOf(payload, (int) Math.min(length, (long) GROWTH * payload.length));
  }
}
