package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.topic.ITopic;
import dev.multiproc.internal.classes.ClassReply;
import dev.multiproc.internal.classes.ClassServer;
import dev.multiproc.internal.classes.ClassSources;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Code that ships itself: a member's workers load the classes a caller's tasks need from that
 * caller, so an application's jar need not be on the members.
 *
 * <p>A caller {@linkplain #serve serves} its classes on a topic of its own ({@code
 * multiproc-classes-<uuid>}, its Hazelcast UUID, which every task it sends carries); a member
 * asks there for a resource (a class file) by name with a request id, and the caller puts the
 * {@link ClassReply} (bytes and their SHA-256, or why there are none) into the reply map under
 * that id, where the member's listener for that key takes it. The member keeps what it got in a
 * {@link ShippedClassLoader} per caller, which its workers' class requests and its own decoding of
 * results find among the loaders it answers from ({@link ClassSources}).
 *
 * <p>A caller answers only from its own loaders, never from the loaders of classes shipped to it,
 * so a request cannot travel in a circle.
 */
public final class ClassShipping {
  private static final System.Logger LOG = System.getLogger(ClassShipping.class.getName());

  /** The map replies wait in, by request id, for a minute at most. */
  static final String REPLIES = "multiproc-class-replies";

  /** How long a member waits for a caller's answer. */
  static final long WAIT_SECONDS = 10;

  private ClassShipping() {}

  /** The topic a caller serves its classes on. */
  static String topic(String origin) {
    return "multiproc-classes-" + origin;
  }

  /**
   * Serves this JVM's classes to the members that run its tasks.
   *
   * @param hz this JVM's member or client
   * @return the listener's registration, to stop serving with {@link #stop}
   */
  public static UUID serve(HazelcastInstance hz) {
    String origin = hz.getLocalEndpoint().getUuid().toString();
    ITopic<String> requests = hz.getTopic(topic(origin));
    IMap<String, byte[]> replies = hz.getMap(REPLIES);
    return requests.addMessageListener(message -> {
      String request = message.getMessageObject();
      int newline = request.indexOf('\n');
      if (newline <= 0) {
        return; // not a request of ours
      }
      String id = request.substring(0, newline);
      String name = request.substring(newline + 1);
      ClassReply reply = ClassServer.find(name, ownLoaders());
      replies.set(id, reply.encode(), 1, TimeUnit.MINUTES);
    });
  }

  /** Stops serving. */
  public static void stop(HazelcastInstance hz, UUID registration) {
    hz.getTopic(topic(hz.getLocalEndpoint().getUuid().toString()))
        .removeMessageListener(registration);
  }

  /** This JVM's loaders, without those of classes shipped to it. */
  private static List<ClassLoader> ownLoaders() {
    return ClassSources.loaders().stream()
        .filter(l -> !(l instanceof ShippedClassLoader))
        .toList();
  }

  /**
   * Asks a caller for a resource.
   *
   * @param hz this member
   * @param origin the caller's UUID
   * @param name the resource's name
   * @return the caller's reply, or null if it could not be asked or did not answer in time (so
   *     that a later request asks again)
   */
  static @Nullable ClassReply fetch(HazelcastInstance hz, String origin, String name) {
    String id = UUID.randomUUID().toString();
    IMap<String, byte[]> replies = hz.getMap(REPLIES);
    var answer = new CompletableFuture<byte[]>();
    UUID listening = replies.addEntryListener(
        (EntryAddedListener<String, byte[]>) e -> answer.complete(e.getValue()), id, true);
    try {
      hz.<String>getTopic(topic(origin)).publish(id + "\n" + name);
      byte[] bytes = answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return ClassReply.decode(bytes);
    } catch (TimeoutException | ExecutionException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "caller {0} did not send {1}: {2}", origin, name, e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      try {
        replies.removeEntryListener(listening);
        replies.delete(id);
      } catch (RuntimeException e) {
        // the member is shutting down: the entry expires by itself
      }
    }
  }
}
