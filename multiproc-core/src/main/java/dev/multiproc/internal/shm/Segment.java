package dev.multiproc.internal.shm;

import dev.multiproc.shared.SharedMemory;
import dev.multiproc.shared.SharedMemoryException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A named file in {@code /dev/shm} mapped into this process: Python's {@code shm_open} + {@code
 * mmap}, through FFM.
 *
 * <p>Every process that maps a segment holds a shared {@code flock} on it until it closes it.
 * The kernel drops that lock when the process ends however it ends (a mapping alone keeps it:
 * the lock belongs to the open file, which the mapping holds), so the {@linkplain
 * ResourceTracker resource tracker} can tell a segment still in use (it cannot take the lock
 * exclusively) from a leftover one, and never removes the former.
 *
 * <p>See {@link Lifetime} for what {@link #close()} does to the mapping; no access after it ever
 * crashes the JVM.
 */
public final class Segment implements SharedMemory.Mapping {
  /** Where POSIX shared memory lives on Linux. */
  public static final Path DIRECTORY = Path.of("/dev/shm");

  private static final int MAX_NAME = 250;
  private static final long PID = ProcessHandle.current().pid();

  /** How long a mapping lives. */
  public enum Lifetime {
    /**
     * Until {@link #close()}, which unmaps at once; later accesses throw. Closing costs a
     * handshake with every thread of the JVM (about 10 µs here).
     */
    SCOPED,
    /**
     * Until the {@link MemorySegment} becomes unreachable; {@link #close()} releases the
     * segment's lock (so the tracker may remove it) and the garbage collector unmaps it. For the
     * library's own objects, whose memory never escapes them.
     */
    AUTOMATIC,
    /**
     * As {@link #AUTOMATIC}, but no file descriptor is kept once the segment is mapped: the
     * shared lock that tells the resource tracker a live process maps it lives as long as the
     * mapping, and {@link #close()} does nothing. For the library's own objects, which a program
     * may create, close and receive by the thousand between two collections.
     */
    COLLECTED
  }

  private final String name;
  private final Path path;
  private final long size;
  private final @Nullable Arena arena;
  private final MemorySegment memory;
  private final AtomicInteger fd;
  private final Lifetime lifetime;

  // restricted: sizes the mmap-ed address, which only native code knows;
  // MustBeClosedChecker: the arena is the segment's own, closed by close()
  @SuppressWarnings({"restricted", "MustBeClosedChecker"})
  private Segment(String name, long size, int fd, long address, Lifetime lifetime) {
    this.name = name;
    this.path = DIRECTORY.resolve(name);
    this.size = size;
    this.lifetime = lifetime;
    if (lifetime == Lifetime.COLLECTED) {
      Libc.close(fd); // the mapping keeps the file, and with it the shared lock
      fd = -1;
    }
    this.fd = new AtomicInteger(fd);
    AtomicInteger descriptor = this.fd;
    Consumer<MemorySegment> unmap =
        ignored -> {
          Libc.munmap(address, size);
          int open = descriptor.getAndSet(-1);
          if (open >= 0) {
            Libc.close(open);
          }
        };
    if (lifetime == Lifetime.SCOPED) {
      this.arena = Arena.ofShared();
      this.memory = MemorySegment.ofAddress(address).reinterpret(size, arena, unmap);
    } else {
      this.arena = null;
      this.memory = MemorySegment.ofAddress(address).reinterpret(size, Arena.ofAuto(), unmap);
    }
  }

  /**
   * Returns a fresh name for a segment created by this process: {@code mp-<pid>-<random>}.
   *
   * @return the name
   */
  public static String newName() {
    // unguessable enough with the pid and O_EXCL: a clash is an error, never a shared segment
    return "mp-"
        + PID
        + "-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
  }

  /**
   * Checks a user-given name and strips Python's optional leading slash.
   *
   * @param name the name
   * @return the name as a file name in {@link #DIRECTORY}
   * @throws IllegalArgumentException if the name is empty, too long or contains a slash
   */
  public static String checkName(String name) {
    String bare = name.startsWith("/") ? name.substring(1) : name;
    if (bare.isEmpty()
        || bare.length() > MAX_NAME
        || bare.contains("/")
        || bare.equals(".")
        || bare.equals("..")
        || bare.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "invalid shared memory name '"
              + name
              + "': it must be 1 to "
              + MAX_NAME
              + " characters with no '/' after an optional leading one");
    }
    return bare;
  }

  /**
   * Creates and maps a new segment of {@code size} bytes, filled with zeros.
   *
   * @param name the name, see {@link #checkName}
   * @param size the size in bytes, at least 1
   * @param tracked whether the resource tracker removes it when the process family ends
   * @param lifetime how long the mapping lives
   * @return the segment
   * @throws SharedMemoryException if a segment of that name exists or cannot be created
   */
  public static Segment create(String name, long size, boolean tracked, Lifetime lifetime) {
    if (size <= 0) {
      throw new IllegalArgumentException("a shared memory segment needs a size > 0, got " + size);
    }
    String bare = checkName(name);
    String file = DIRECTORY.resolve(bare).toString();
    if (tracked) {
      ResourceTracker.register(DIRECTORY.resolve(bare)); // before it exists: a kill leaves nothing
    }
    Libc.Result open = Libc.open(file, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL, 0600);
    if (open.failed()) {
      if (tracked) {
        ResourceTracker.unregister(DIRECTORY.resolve(bare));
      }
      throw new SharedMemoryException(
          open.errno() == Libc.EEXIST
              ? "shared memory '" + bare + "' already exists"
              : "cannot create shared memory '" + bare + "': " + Libc.strerror(open.errno()));
    }
    int fd = (int) open.value();
    try {
      Libc.Result t = Libc.ftruncate(fd, size);
      if (t.failed()) {
        throw new SharedMemoryException(
            "cannot size shared memory '"
                + bare
                + "' to "
                + size
                + " bytes: "
                + Libc.strerror(t.errno()));
      }
      return map(bare, size, fd, lifetime);
    } catch (RuntimeException | Error e) {
      Libc.close(fd);
      Libc.unlink(file);
      if (tracked) {
        ResourceTracker.unregister(DIRECTORY.resolve(bare));
      }
      throw e;
    }
  }

  /**
   * Maps an existing segment.
   *
   * @param name its name
   * @param lifetime how long the mapping lives
   * @return the segment, mapped whole
   * @throws SharedMemoryException naming the segment if it no longer exists
   */
  public static Segment attach(String name, Lifetime lifetime) {
    String bare = checkName(name);
    String file = DIRECTORY.resolve(bare).toString();
    Libc.Result open = Libc.open(file, Libc.O_RDWR, 0);
    if (open.failed()) {
      throw new SharedMemoryException(
          open.errno() == Libc.ENOENT
              ? "shared memory '" + bare + "' does not exist (never created, or already unlinked)"
              : "cannot open shared memory '" + bare + "': " + Libc.strerror(open.errno()));
    }
    int fd = (int) open.value();
    try {
      Libc.Result size = Libc.size(fd);
      if (size.failed() || size.value() == 0) {
        throw new SharedMemoryException("shared memory '" + bare + "' is empty or unreadable");
      }
      Segment segment = map(bare, size.value(), fd, lifetime);
      if (!Files.exists(segment.path)) { // the tracker removed it between open and lock
        segment.close();
        throw new SharedMemoryException("shared memory '" + bare + "' does not exist (unlinked)");
      }
      return segment;
    } catch (SharedMemoryException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      Libc.close(fd);
      throw e;
    }
  }

  private static Segment map(String name, long size, int fd, Lifetime lifetime) {
    Libc.Result lock = Libc.flock(fd, Libc.LOCK_SH);
    if (lock.failed()) {
      Libc.close(fd);
      throw new SharedMemoryException(
          "cannot lock shared memory '" + name + "': " + Libc.strerror(lock.errno()));
    }
    Libc.Result address = Libc.mmap(fd, size);
    if (address.failed()) {
      Libc.close(fd);
      throw new SharedMemoryException(
          "cannot map "
              + size
              + " bytes of shared memory '"
              + name
              + "': "
              + Libc.strerror(address.errno()));
    }
    return new Segment(name, size, fd, address.value(), lifetime);
  }

  /**
   * Returns the segment's name (no leading slash).
   *
   * @return the name
   */
  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the file that backs the segment.
   *
   * @return the path in {@link #DIRECTORY}
   */
  public Path path() {
    return path;
  }

  /**
   * Returns the mapped size.
   *
   * @return the size in bytes
   */
  @Override
  public long size() {
    return size;
  }

  /**
   * Returns the mapped memory; unusable after {@link #close()}.
   *
   * @return the memory
   */
  @Override
  public MemorySegment memory() {
    return memory;
  }

  /**
   * Whether this mapping is still open.
   *
   * @return true until {@link #close()}
   */
  public boolean isOpen() {
    return lifetime == Lifetime.COLLECTED || fd.get() >= 0;
  }

  /**
   * Unmaps the segment in this process (for {@link Lifetime#AUTOMATIC}: releases it, and the
   * collector unmaps it); the file stays until {@link #unlink()}. Idempotent.
   */
  @Override
  public void close() {
    if (arena != null) {
      synchronized (this) {
        if (arena.scope().isAlive()) {
          arena.close();
        }
      }
    } else {
      int open = fd.getAndSet(-1);
      if (open >= 0) {
        // the mapping keeps the file open, and with it the lock: release the lock explicitly
        Libc.flock(open, Libc.LOCK_UN);
        Libc.close(open);
      }
    }
  }

  /**
   * Removes the name, as {@code shm_unlink}: processes that have it mapped keep their mapping,
   * nobody can attach any more, and the memory is freed when the last one unmaps.
   *
   * @return whether this call removed it (false if it was already gone)
   */
  public boolean unlink() {
    return unlink(name);
  }

  /**
   * Removes a segment by name.
   *
   * @param name the segment's name
   * @return whether this call removed it
   */
  public static boolean unlink(String name) {
    String bare = checkName(name);
    Path file = DIRECTORY.resolve(bare);
    Libc.Result r = Libc.unlink(file.toString());
    ResourceTracker.unregister(file);
    return !r.failed();
  }

  @Override
  public String toString() {
    return "Segment[" + name + ", " + size + " bytes" + (isOpen() ? "" : ", closed") + "]";
  }
}
