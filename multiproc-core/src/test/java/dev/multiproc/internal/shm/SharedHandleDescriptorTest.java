package dev.multiproc.internal.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpLock;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The library's shared objects (locks, events, values, queues …) hold no file descriptor for
 * their segment: a program that makes and closes many of them, or receives many copies, does not
 * run out of descriptors before the collector runs. The segment's shared lock, which tells the
 * resource tracker that a live process maps it, lives as long as the mapping; and a process
 * forgets the mappings of copies it dropped.
 */
@ExtendWith(NoLeaksExtension.class)
class SharedHandleDescriptorTest {
  private final Context ctx = Multiprocessing.local();

  private static long segmentDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().startsWith("/dev/shm/mp-");
                } catch (IOException e) {
                  return false;
                }
              })
          .count();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T copy(T object) throws Exception {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void createAndClose_manyObjects_noDescriptorStaysOpen() throws Exception {
    long before = segmentDescriptors();
    List<Object> keep = new ArrayList<>(); // reachable: the collector cannot help
    for (int i = 0; i < 300; i++) {
      MpLock lock = ctx.lock();
      Event event = ctx.event();
      keep.add(lock);
      keep.add(event);
      lock.close();
      event.close();
    }
    assertEquals(before, segmentDescriptors(), "descriptors of closed objects' segments");
    assertEquals(600, keep.size());
  }

  @Test
  void liveObjectsAndReceivedCopies_holdNoDescriptor() throws Exception {
    long before = segmentDescriptors();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Event event = ctx.event();
      events.add(event);
      events.add(copy(event)); // a copy as a task argument arrives: attached by name
    }
    events.get(1).set();
    assertTrue(events.get(0).isSet(), "the copy shares the original's memory");
    assertEquals(before, segmentDescriptors(), "descriptors of live objects' segments");
    events.forEach(Event::close);
  }

  @Test
  void receivedCopiesDropped_theirMappingsAreForgotten() throws Exception {
    int before = Attachments.size();
    List<Event> originals = new ArrayList<>();
    List<Event> copies = new ArrayList<>(); // held until counted: a collection meanwhile drops none
    try {
      for (int i = 0; i < 200; i++) {
        Event event = ctx.event();
        originals.add(event);
        Event copy = copy(event); // attached by name, used once
        copy.set();
        copies.add(copy);
      }
      assertTrue(Attachments.size() >= before + 200, "each copy attached: " + Attachments.size());
    } finally {
      java.lang.ref.Reference.reachabilityFence(copies);
    }
    copies.clear(); // dropped
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    while (Attachments.size() > before && System.nanoTime() < deadline) {
      System.gc(); // the copies are unreachable: their mappings go with the next collections
      Thread.sleep(20);
    }
    assertEquals(before, Attachments.size(), "names kept for mappings the collector dropped");
    originals.forEach(Event::close);
  }

  @Test
  void liveObject_itsSegmentIsStillLockedAgainstTheTracker() throws Exception {
    try (Event event = ctx.event();
        Event copy = copy(event)) {
      Path file = Segment.DIRECTORY.resolve(((SharedHandle) event).segmentName());
      assertTrue(Files.exists(file), file::toString);
      assertFalse(FamilyCleanup.remove(file), "a live process maps it: the tracker waits");
      assertTrue(Files.exists(file));
      copy.set();
      assertTrue(event.isSet());
    }
  }
}
