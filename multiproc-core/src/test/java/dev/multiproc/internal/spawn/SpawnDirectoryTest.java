package dev.multiproc.internal.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep of directories that parents which no longer run left behind. */
class SpawnDirectoryTest {
  @TempDir Path tmp;

  private long dead;
  private Path victim;
  private Path victimFile;

  @BeforeEach
  void setUp() throws Exception {
    dead = (1L << 22) + 1; // above the kernel's largest possible pid limit: never runs
    victim = Files.createDirectory(tmp.resolve("victim"));
    victimFile = Files.writeString(victim.resolve("precious.txt"), "keep");
    Files.writeString(victim.resolve("w1.sock"), "not a socket, not ours");
  }

  private Path privateDirectory(String name) throws Exception {
    return Files.createDirectory(
        tmp.resolve(name),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  @Test
  void sweepStale_neverFollowsALinkNamedLikeAStaleDirectory() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("multiproc-" + dead + "-x"), victim);
    SpawnDirectory.sweepStale(tmp);
    assertTrue(Files.exists(victimFile), "a file behind the link was deleted");
    assertTrue(Files.exists(victim.resolve("w1.sock")), "a file behind the link was deleted");
    assertTrue(Files.isSymbolicLink(link), "another user's link is not ours to remove");
  }

  @Test
  void sweepStale_removesAStaleDirectory_butNeverWhatLinksInsideItPointTo() throws Exception {
    Path stale = privateDirectory("multiproc-" + dead + "-y");
    Files.writeString(stale.resolve("w3.sock"), "");
    Files.createSymbolicLink(stale.resolve("w4.sock"), victimFile);
    Files.createSymbolicLink(stale.resolve("sub"), victim);
    Files.createDirectory(stale.resolve("nested"));
    Files.writeString(stale.resolve("nested").resolve("f"), "");
    SpawnDirectory.sweepStale(tmp);
    assertFalse(Files.exists(stale), "the stale directory was left");
    assertTrue(Files.exists(victimFile), "the target of a link inside was deleted");
    assertTrue(Files.exists(victim.resolve("w1.sock")), "a file behind a link was deleted");
  }

  @Test
  void sweepStale_leavesDirectoriesThatAreNotPrivate_orWhoseParentRuns() throws Exception {
    Path open = privateDirectory("multiproc-" + dead + "-z");
    Files.writeString(open.resolve("w1.sock"), "");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path live = privateDirectory("multiproc-" + ProcessHandle.current().pid() + "-live");
    Files.writeString(live.resolve("w1.sock"), "");
    SpawnDirectory.sweepStale(tmp);
    assertTrue(Files.exists(open.resolve("w1.sock")), "a directory others may write to");
    assertTrue(Files.exists(live.resolve("w1.sock")), "the directory of a running parent");
  }

  /** A temporary directory too long for a socket path gives way to a short private one. */
  @Test
  void base_isTheTemporaryDirectory_unlessItsSocketsWouldNotFit() throws Exception {
    assertEquals(tmp, SpawnDirectory.base(tmp, null));
    Path longTmp = Path.of("/" + "x".repeat(60));
    assertEquals(Path.of("/tmp"), SpawnDirectory.base(longTmp, null));
    Path runtime = privateDirectory("run");
    assertEquals(runtime, SpawnDirectory.base(longTmp, runtime.toString()));
    assertEquals(
        Path.of("/tmp"),
        SpawnDirectory.base(longTmp, runtime + "/" + "y".repeat(90)),
        "a runtime directory too long itself");
  }
}
