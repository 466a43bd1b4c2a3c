package dev.multiproc.internal.shm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Walks and deletes the library's private directories without ever following a symbolic link,
 * for the sweeps that remove what dead processes left in the temporary directory, where any
 * user can create a link named like one of ours.
 *
 * <p>Every step goes through a {@link SecureDirectoryStream}: a directory is opened relative to
 * its parent's open descriptor with {@code O_NOFOLLOW}, checked on that descriptor (a real
 * directory, owned by this process's user, mode {@code 0700} at the top), and its entries are
 * examined and removed relative to it ({@code fstatat}/{@code unlinkat}), so a link is removed
 * as a link and a directory swapped for a link after the check is never entered. Where the file
 * system offers no secure directory streams, nothing is swept.
 */
public final class SecureTree {
  private static final Set<PosixFilePermission> PRIVATE =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int MAX_DEPTH = 16;
  private static final int MAX_FILE = 1 << 26;
  private static @Nullable UserPrincipal me;

  private SecureTree() {}

  /** What to do with one private directory found by {@link #forEachPrivate}. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * Visits one directory.
     *
     * @param parent the open parent directory
     * @param name the directory's name in it
     * @param dir the directory, open and checked
     * @throws IOException if it cannot be read
     */
    void visit(SecureDirectoryStream<Path> parent, Path name, SecureDirectoryStream<Path> dir)
        throws IOException;
  }

  /**
   * Visits each entry of {@code parent} whose name passes {@code names} and that is a real
   * directory owned by this user with mode {@code 0700}; links and anything else are skipped.
   * A failure on one entry does not stop the others.
   *
   * @param parent the directory to look in (itself followed if it is a link: the user chose it)
   * @param names which names to look at
   * @param visitor what to do with each
   */
  public static void forEachPrivate(Path parent, Predicate<String> names, Visitor visitor) {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
      if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
        return; // cannot be done safely here
      }
      for (Path entry : secure) {
        Path name = entry.getFileName();
        if (!names.test(name.toString())) {
          continue;
        }
        try (SecureDirectoryStream<Path> dir = openPrivate(secure, name)) {
          if (dir != null) {
            visitor.visit(secure, name, dir);
          }
        } catch (IOException | RuntimeException e) {
          // gone meanwhile, or not readable: leave it
        }
      }
    } catch (IOException | RuntimeException e) {
      // nothing to sweep
    }
  }

  /**
   * Opens {@code name} in {@code parent} if it is a real directory, owned by this user, with mode
   * {@code 0700}, as checked on the opened descriptor.
   *
   * @param parent the open parent
   * @param name the entry
   * @return the open directory, or null if it is anything else
   * @throws IOException if it cannot be examined
   */
  public static @Nullable SecureDirectoryStream<Path> openPrivate(
      SecureDirectoryStream<Path> parent, Path name) throws IOException {
    BasicFileAttributes link =
        parent.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
    if (!link.isDirectory() || link.isSymbolicLink()) {
      return null;
    }
    SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, NOFOLLOW);
    PosixFileAttributes own =
        dir.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
    if (!own.owner().equals(me()) || !own.permissions().equals(PRIVATE)) {
      dir.close();
      return null;
    }
    return dir;
  }

  /**
   * Deletes the private directory {@code name} of {@code parent} and everything in it, without
   * following links: a link inside is removed, its target untouched.
   *
   * @param parent the open parent
   * @param name the directory
   * @return whether it was a private directory of ours (and is now gone)
   * @throws IOException if something in it cannot be deleted
   */
  public static boolean deleteTree(SecureDirectoryStream<Path> parent, Path name)
      throws IOException {
    try (SecureDirectoryStream<Path> dir = openPrivate(parent, name)) {
      if (dir == null) {
        return false;
      }
      deleteContents(dir, 0);
    } catch (NoSuchFileException e) {
      return true;
    }
    try {
      parent.deleteDirectory(name);
    } catch (NoSuchFileException e) {
      // someone else swept it
    }
    return true;
  }

  /**
   * Deletes the private directory {@code dir} and everything in it, without following links.
   *
   * @param dir the directory
   * @return whether it is gone (false if it is not a private directory of ours)
   */
  public static boolean deleteTree(Path dir) {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent == null) {
      return false;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
      return stream instanceof SecureDirectoryStream<Path> secure
          && deleteTree(secure, dir.getFileName());
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void deleteContents(SecureDirectoryStream<Path> dir, int depth)
      throws IOException {
    for (Path entry : dir) {
      Path name = entry.getFileName();
      BasicFileAttributes a;
      try {
        a = dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
      } catch (NoSuchFileException e) {
        continue;
      }
      try {
        if (a.isDirectory() && depth < MAX_DEPTH) {
          try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, NOFOLLOW)) {
            UserPrincipal owner =
                sub.getFileAttributeView(PosixFileAttributeView.class).readAttributes().owner();
            if (!owner.equals(me())) {
              throw new IOException("not ours: " + entry);
            }
            deleteContents(sub, depth + 1);
          }
          dir.deleteDirectory(name);
        } else {
          dir.deleteFile(name); // a link goes as a link
        }
      } catch (NoSuchFileException e) {
        // removed meanwhile
      }
    }
  }

  /**
   * Reads a small regular file of an open directory, not following a link.
   *
   * @param dir the open directory
   * @param name the file
   * @return its bytes
   * @throws IOException if it cannot be read or is too large
   */
  public static byte[] read(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    try (SeekableByteChannel ch =
        dir.newByteChannel(name, Set.of(StandardOpenOption.READ, NOFOLLOW))) {
      if (ch.size() > MAX_FILE) {
        throw new IOException("too large: " + name);
      }
      var out = new ByteArrayOutputStream((int) ch.size());
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) > 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return out.toByteArray();
    }
  }

  /** This process's user: the owner of {@code /proc/self} is the effective user. */
  private static synchronized UserPrincipal me() throws IOException {
    if (me == null) {
      me = Files.getOwner(Path.of("/proc/self"));
    }
    return me;
  }
}
