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
public final class RemoteTask implements Callable<byte[]>, DataSerializable, HazelcastInstanceAware {
  private byte[] task = new byte[0];
  private long timeoutNanos;
  private String caller = "";
  /** The UUID of the member or client that sent it: its tasks end when the member loses it. */
  private String origin = "";
  private transient @Nullable HazelcastInstance member;

  /** For Hazelcast's deserialization. */
  public RemoteTask() {}

  RemoteTask(byte[] task, long timeoutNanos, String caller, String origin) {
    this.task = task;
    this.timeoutNanos = timeoutNanos;
    this.caller = caller;
    this.origin = origin;
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
    Object work = hz.getUserContext().get(MemberWork.KEY);
    if (!(work instanceof CompletableFuture<?> ready)) {
      return Replies.notRun("member " + hz.getCluster().getLocalMember().getAddress()
          + " does not serve work (started with 0 workers)", codec);
    }
    try {
      // only while the member is still starting its pool
      return ((MemberWork) ready.get(60, TimeUnit.SECONDS)).run(task, timeoutNanos, caller, origin);
    } catch (ExecutionException | TimeoutException e) {
      return Replies.notRun("member " + hz.getCluster().getLocalMember().getAddress()
          + " could not start its workers: " + e, codec);
    }
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(timeoutNanos);
    out.writeString(caller);
    out.writeString(origin);
    out.writeByteArray(task);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    timeoutNanos = in.readLong();
    String from = in.readString();
    caller = from == null ? "" : from;
    String sender = in.readString();
    origin = sender == null ? "" : sender;
    byte[] bytes = in.readByteArray();
    task = bytes == null ? new byte[0] : bytes;
  }
}
