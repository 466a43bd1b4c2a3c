package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.multiproc.function.ClassFilter;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one class every member runs: a task encoded by the library (function and arguments, as a
 * local pool sends them to a worker), run in the member's own process pool; its result is the
 * encoded reply ({@link Replies}). Hazelcast only ever sees bytes, so no user class needs to be
 * known to Hazelcast's serialization.
 */
public final class RemoteTask
    implements Callable<byte[]>, DataSerializable, HazelcastInstanceAware {
  private static final System.Logger LOG = System.getLogger(RemoteTask.class.getName());

  private byte[] task = new byte[0];
  private long timeoutNanos;
  private long sentMillis;
  private long sequence;
  private String caller = "";

  /** The UUID of the member or client that sent it: its tasks end when the member loses it. */
  private String origin = "";

  /** The task's signature with the cluster key; empty when the sender has no key. */
  private byte[] signature = new byte[0];

  private transient @Nullable HazelcastInstance member;

  /** For Hazelcast's deserialization. */
  public RemoteTask() {}

  /**
   * Creates the task a dispatcher sends.
   *
   * @param stamp its timeout, when it is sent and its number among the caller's tasks
   * @param key the cluster key to sign it with, or null to send it unsigned
   */
  RemoteTask(
      byte[] task, TaskSignature.Stamp stamp, String caller, String origin, byte @Nullable [] key) {
    this.task = task;
    this.timeoutNanos = stamp.timeoutNanos();
    this.sentMillis = stamp.sentMillis();
    this.sequence = stamp.sequence();
    this.caller = caller;
    this.origin = origin;
    if (key != null) {
      this.signature = TaskSignature.sign(key, stamp, caller, origin, task);
    }
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.member = instance;
  }

  @Override
  public byte[] call() throws InterruptedException {
    HazelcastInstance hz = member;
    var codec = ClusterClasses.codec(ClassFilter.defaults());
    if (hz == null) {
      return Replies.notRun("no Hazelcast instance was set on the task", codec);
    }
    byte[] key = TaskSignature.keyOf(hz);
    if (key != null) {
      var stamp = new TaskSignature.Stamp(timeoutNanos, sentMillis, sequence);
      if (!TaskSignature.valid(key, stamp, caller, origin, task, signature)) {
        // not a byte of it is decoded: whoever sent it does not hold this cluster's key
        String why = signature.length == 0 ? "it is not signed" : "its signature does not match";
        return refuse(
            hz, why + " with the cluster's key (give every member and client the same key)");
      }
      var guard =
          (ReplayGuard)
              hz.getUserContext().computeIfAbsent(ReplayGuard.KEY, k -> new ReplayGuard());
      String replay = guard.admit(caller, sequence, sentMillis, System.currentTimeMillis());
      if (replay != null) {
        return refuse(hz, replay);
      }
    }
    Object work = hz.getUserContext().get(MemberWork.KEY);
    if (!(work instanceof CompletableFuture<?> ready)) {
      return Replies.notRun(
          "member "
              + hz.getCluster().getLocalMember().getAddress()
              + " does not serve work (started with 0 workers)",
          codec);
    }
    try {
      // only while the member is still starting its pool
      return ((MemberWork) ready.get(60, TimeUnit.SECONDS)).run(task, timeoutNanos, caller, origin);
    } catch (ExecutionException | TimeoutException e) {
      return Replies.notRun(
          "member "
              + hz.getCluster().getLocalMember().getAddress()
              + " could not start its workers: "
              + e,
          codec);
    }
  }

  /** Logs and answers a task this member does not run; not a byte of it was decoded. */
  private byte[] refuse(HazelcastInstance hz, String why) {
    Object address = hz.getCluster().getLocalMember().getAddress();
    LOG.log(
        System.Logger.Level.WARNING,
        "member {0} refused a task from {1}: {2}",
        address,
        origin,
        why);
    return Replies.notRun(
        "member " + address + " refused the task: " + why,
        ClusterClasses.codec(ClassFilter.defaults()));
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(timeoutNanos);
    out.writeLong(sentMillis);
    out.writeLong(sequence);
    out.writeString(caller);
    out.writeString(origin);
    out.writeByteArray(task);
    out.writeByteArray(signature);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    timeoutNanos = in.readLong();
    sentMillis = in.readLong();
    sequence = in.readLong();
    String from = in.readString();
    caller = from == null ? "" : from;
    String sender = in.readString();
    origin = sender == null ? "" : sender;
    byte[] bytes = in.readByteArray();
    task = bytes == null ? new byte[0] : bytes;
    byte[] mac = in.readByteArray();
    signature = mac == null ? new byte[0] : mac;
  }
}
