package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The cluster key's two uses: the signature of each batch of tasks (HMAC-SHA256 over all that a
 * member runs, with when it was sent and its number, checked before a byte of a task is decoded,
 * and then checked for a replay by {@link ReplayGuard}), and the cluster name on the wire (the
 * user's name with a tag derived from the key, so a member or a plain Hazelcast client that knows
 * the name but not the key does not join).
 */
public final class TaskSignature {
  /** The key of the cluster key in an instance's Hazelcast user context. */
  static final String KEY = "dev.multiproc.cluster.key";

  private static final String ALGORITHM = "HmacSHA256";

  private TaskSignature() {}

  /**
   * Returns the cluster name members and clients join under.
   *
   * @param clusterName the user's cluster name
   * @param key the cluster key, or null for none
   * @return {@code clusterName} without a key, else it with a tag derived from the key
   */
  public static String wireName(String clusterName, byte @Nullable [] key) {
    if (key == null) {
      return clusterName;
    }
    byte[] tag = mac(key, "cluster name".getBytes(StandardCharsets.UTF_8));
    return clusterName + "-" + HexFormat.of().formatHex(tag, 0, 8);
  }

  /** Returns the cluster key an instance was configured with, or null. */
  static byte @Nullable [] keyOf(HazelcastInstance hz) {
    return hz.getUserContext().get(KEY) instanceof byte[] key ? key : null;
  }

  /**
   * Returns a batch's signature: one for the whole batch, over its tasks in order, each with its
   * length, so that no task can be added, dropped, reordered or moved to another batch.
   *
   * @param key the cluster key
   * @param stamp the batch's timeout, when it was sent and its number among its caller's batches
   * @param caller the dispatcher that sends it
   * @param origin the UUID of the member or client that sends it
   * @param tasks the tasks' bytes
   * @return the signature
   */
  static byte[] sign(byte[] key, Stamp stamp, String caller, String origin, List<byte[]> tasks) {
    Mac mac = newMac(key);
    update(mac, stamp.timeoutNanos());
    update(mac, stamp.sentMillis());
    update(mac, stamp.sequence());
    mac.update(field(caller));
    mac.update(field(origin));
    update(mac, tasks.size());
    for (byte[] task : tasks) {
      update(mac, task.length);
      mac.update(task);
    }
    return mac.doFinal();
  }

  /**
   * Tells whether a batch's signature is the one the key gives, in time independent of where the
   * two first differ.
   */
  static boolean valid(
      byte[] key, Stamp stamp, String caller, String origin, List<byte[]> tasks, byte[] signature) {
    return MessageDigest.isEqual(sign(key, stamp, caller, origin, tasks), signature);
  }

  /**
   * What a signature covers besides the tasks' bytes and their sender.
   *
   * @param timeoutNanos each task's timeout
   * @param sentMillis when the caller sent it, by the caller's clock ({@link ReplayGuard})
   * @param sequence its number among its caller's batches, from 1 ({@link ReplayGuard})
   */
  record Stamp(long timeoutNanos, long sentMillis, long sequence) {}

  private static void update(Mac mac, long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      mac.update((byte) (value >>> shift));
    }
  }

  /** A string field: its length first, so that no two pairs of fields sign alike. */
  private static byte[] field(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[4 + utf8.length];
    out[0] = (byte) (utf8.length >>> 24);
    out[1] = (byte) (utf8.length >>> 16);
    out[2] = (byte) (utf8.length >>> 8);
    out[3] = (byte) utf8.length;
    System.arraycopy(utf8, 0, out, 4, utf8.length);
    return out;
  }

  private static byte[] mac(byte[] key, byte[] data) {
    return newMac(key).doFinal(data);
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    }
  }
}
