package dev.multiproc.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.testing.NoLeaksExtension;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SharedMemory} and {@link ShareableList} across real child JVMs. */
@ExtendWith(NoLeaksExtension.class)
class SharedMemoryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  static void addOneToEachByName(String name) {
    try (SharedMemory shm = SharedMemory.attach(name)) {
      MemorySegment m = shm.segment();
      for (long i = 0; i < m.byteSize(); i += 4) {
        m.set(ValueLayout.JAVA_INT, i, m.get(ValueLayout.JAVA_INT, i) + 1);
      }
    }
  }

  static void writeGreeting(SharedMemory shm) {
    shm.buffer().put(0, "hello from the child".getBytes(StandardCharsets.UTF_8));
  }

  static void editList(ShareableList list) {
    list.set(0, (Integer) list.get(0) * 10);
    list.set(1, "TWO");
    list.set(2, null);
    list.set(3, true);
  }

  private static void run(ChildProcess p) throws InterruptedException {
    p.start();
    assertTrue(p.join(WAIT), "child did not finish");
    assertEquals(OptionalInt.of(0), p.exitCode());
  }

  @Test
  void childAttachesByName_seesParentsDataAndParentSeesItsWrites() throws Exception {
    try (SharedMemory shm = SharedMemory.create(1 << 16)) {
      MemorySegment m = shm.segment();
      for (long i = 0; i < m.byteSize(); i += 4) {
        m.set(ValueLayout.JAVA_INT, i, (int) i);
      }
      run(Multiprocessing.local().process(SharedMemoryTest::addOneToEachByName, shm.name()));
      for (long i = 0; i < m.byteSize(); i += 4) {
        assertEquals((int) i + 1, m.get(ValueLayout.JAVA_INT, i), "int at " + i);
      }
      shm.unlink();
    }
  }

  @Test
  void passedAsArgument_arrivesAttachedToTheSameBlock() throws Exception {
    try (SharedMemory shm = SharedMemory.create(64)) {
      run(Multiprocessing.local().process(SharedMemoryTest::writeGreeting, shm));
      byte[] got = new byte[20];
      shm.buffer().get(0, got);
      assertEquals("hello from the child", new String(got, StandardCharsets.UTF_8));
      assertEquals(64, shm.size());
      shm.unlink();
    }
  }

  @Test
  void namesAndErrors_asPythonGivesThem() {
    String name = "mp-test-" + ProcessHandle.current().pid() + "-names";
    try (SharedMemory a = SharedMemory.create("/" + name, 100)) {
      assertEquals(name, a.name(), "the leading slash is Python's, not part of the name");
      var exists = assertThrows(SharedMemoryException.class, () -> SharedMemory.create(name, 10));
      assertTrue(
          exists.getMessage().contains(name) && exists.getMessage().contains("exists"),
          exists.getMessage());
      try (SharedMemory b = SharedMemory.attach(name)) {
        b.segment().set(ValueLayout.JAVA_LONG, 0, 77L);
        assertEquals(77L, a.segment().get(ValueLayout.JAVA_LONG, 0));
        assertEquals(100, b.size());
      }
      a.unlink();
      var gone = assertThrows(SharedMemoryException.class, () -> SharedMemory.attach(name));
      assertTrue(
          gone.getMessage().contains(name) && gone.getMessage().contains("does not exist"),
          gone.getMessage());
      assertEquals(
          77L,
          a.segment().get(ValueLayout.JAVA_LONG, 0),
          "a mapping outlives the name, as after shm_unlink");
      var twice = assertThrows(SharedMemoryException.class, a::unlink);
      assertTrue(twice.getMessage().contains("already unlinked"), twice.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(0));
    var bad = assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("a/b", 8));
    assertTrue(bad.getMessage().contains("'a/b'"), bad.getMessage());
  }

  @Test
  void closedHandle_refusesAccess_butEarlierViewsStayValid() {
    SharedMemory shm = SharedMemory.create(4096);
    MemorySegment before = shm.segment();
    shm.close();
    shm.close(); // idempotent
    assertTrue(shm.isClosed());
    var e = assertThrows(IllegalStateException.class, shm::segment);
    assertTrue(e.getMessage().contains(shm.name()), e.getMessage());
    assertThrows(IllegalStateException.class, shm::buffer);
    before.set(ValueLayout.JAVA_INT, 0, 5); // never a crash
    assertEquals(5, before.get(ValueLayout.JAVA_INT, 0));
    shm.unlink();
  }

  @Test
  void atomicsOnTheSegment_areAtomicAcrossProcesses() throws Exception {
    try (SharedMemory shm = SharedMemory.create(8)) {
      List<ChildProcess> children =
          Arrays.asList(
              Multiprocessing.local().process(SharedMemoryTest::addManyAtomically, shm.name()),
              Multiprocessing.local().process(SharedMemoryTest::addManyAtomically, shm.name()));
      children.forEach(ChildProcess::start);
      addManyAtomically(shm.name());
      for (ChildProcess c : children) {
        assertTrue(c.join(WAIT));
        assertEquals(OptionalInt.of(0), c.exitCode());
      }
      assertEquals(3 * 100_000L, shm.segment().get(ValueLayout.JAVA_LONG, 0));
      shm.unlink();
    }
  }

  static void addManyAtomically(String name) {
    try (SharedMemory shm = SharedMemory.attach(name)) {
      var counter = ValueLayout.JAVA_LONG.varHandle();
      for (int i = 0; i < 100_000; i++) {
        counter.getAndAdd(shm.segment(), 0L, 1L);
      }
    }
  }

  @Test
  void shareableList_roundTripsItsTypes_andAChildsEditsAreSeen() throws Exception {
    byte[] bytes = {1, 2, 3};
    try (ShareableList list = ShareableList.create(List.of(7, "two", 3.5, false, 9L, bytes))) {
      assertEquals(6, list.size());
      assertEquals(7, list.get(0));
      assertEquals("two", list.get(1));
      assertEquals(3.5, list.get(2));
      assertEquals(false, list.get(3));
      assertEquals(9L, list.get(4));
      assertArrayEquals(bytes, (byte[]) list.get(5));
      run(Multiprocessing.local().process(SharedMemoryTest::editList, list));
      assertEquals(70, list.get(0));
      assertEquals("TWO", list.get(1));
      assertNull(list.get(2));
      assertEquals(true, list.get(3));
      try (ShareableList again = ShareableList.attach(list.shm().name())) {
        assertEquals(list.subList(0, 5), again.subList(0, 5));
        assertArrayEquals(bytes, (byte[]) again.get(5));
      }
      list.shm().unlink();
    }
  }

  @Test
  void shareableList_refusesWhatDoesNotFit_withTheSizes() {
    try (ShareableList list = ShareableList.create(List.of("abc", 1))) {
      list.set(0, "12345678"); // the slot of a 3-byte string is 8 bytes
      var tooLong = assertThrows(IllegalArgumentException.class, () -> list.set(0, "123456789"));
      assertTrue(
          tooLong.getMessage().contains("room for 8 bytes")
              && tooLong.getMessage().contains("needs 9"),
          tooLong.getMessage());
      assertEquals("12345678", list.get(0), "a refused write changes nothing");
      var type = assertThrows(IllegalArgumentException.class, () -> list.set(1, List.of()));
      assertTrue(type.getMessage().contains("item 1"), type.getMessage());
      assertThrows(UnsupportedOperationException.class, () -> list.add(1));
      assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
      list.shm().unlink();
    }
    try (SharedMemory plain = SharedMemory.create(64)) {
      var notAList =
          assertThrows(SharedMemoryException.class, () -> ShareableList.attach(plain.name()));
      assertTrue(notAList.getMessage().contains("holds no ShareableList"), notAList.getMessage());
      plain.unlink();
    }
  }

  /* --------------- the resource tracker --------------- */

  private record Family(Process root, String tracked, String untracked, String list) {}

  private static Family startFamily(String how) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process root =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                FamilyRootMain.class.getName(),
                how)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(root.getInputStream(), StandardCharsets.UTF_8));
    String tracked = out.readLine().substring("tracked=".length());
    String untracked = out.readLine().substring("untracked=".length());
    String list = out.readLine().substring("list=".length());
    return new Family(root, tracked, untracked, list);
  }

  private static boolean exists(String name) {
    return Files.exists(Path.of("/dev/shm", name));
  }

  private static boolean gone(String name, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (exists(name) && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    return !exists(name);
  }

  @Test
  void tracker_removesTrackedBlocks_whenTheFamilyIsKilled_andLeavesUntrackedOnes()
      throws Exception {
    for (String how : List.of("wait:kill", "wait:term", "exit", "throw")) {
      Family f = startFamily(how.startsWith("wait") ? "wait" : how);
      assertTrue(exists(f.tracked()) && exists(f.list()), how);
      if (how.equals("wait:kill")) {
        f.root().destroyForcibly();
      } else if (how.equals("wait:term")) {
        f.root().destroy();
      }
      f.root().waitFor();
      assertTrue(gone(f.tracked(), Duration.ofSeconds(10)), how + ": tracked block left");
      assertTrue(gone(f.list(), Duration.ofSeconds(1)), how + ": list's block left");
      assertTrue(exists(f.untracked()), how + ": an untracked block is the user's to unlink");
      try (SharedMemory untracked = SharedMemory.attach(f.untracked())) {
        untracked.unlink();
      }
    }
  }

  @Test
  void tracker_neverRemovesABlockALiveProcessStillMaps() throws Exception {
    Family f = startFamily("wait");
    SharedMemory held = SharedMemory.attach(f.tracked());
    held.segment().set(ValueLayout.JAVA_INT, 0, 99);
    f.root().destroyForcibly();
    f.root().waitFor();
    assertTrue(gone(f.list(), Duration.ofSeconds(10)), "the unused list was left");
    assertTrue(exists(f.tracked()), "removed while this process still maps it");
    assertEquals(99, held.segment().get(ValueLayout.JAVA_INT, 0));
    held.close();
    assertTrue(gone(f.tracked(), Duration.ofSeconds(10)), "not removed once let go");
    try (SharedMemory untracked = SharedMemory.attach(f.untracked())) {
      untracked.unlink();
    }
    assertFalse(exists(f.untracked()));
  }
}
