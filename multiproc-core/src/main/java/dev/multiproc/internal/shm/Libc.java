package dev.multiproc.internal.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the library makes through FFM (Linux, x86-64 or AArch64). Calls whose
 * failure must be explained capture {@code errno}; the futex calls do not, because their callers
 * re-check the shared state after every return anyway.
 */
final class Libc {
  static final int O_RDWR = 2;
  static final int O_CREAT = 0x40;
  static final int O_EXCL = 0x80;
  static final int O_CLOEXEC = 0x80000;
  static final int PROT_READ_WRITE = 3;
  static final int MAP_SHARED = 1;
  static final int LOCK_SH = 1;
  static final int LOCK_EX = 2;
  static final int LOCK_NB = 4;
  static final int LOCK_UN = 8;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EEXIST = 17;
  static final int ESRCH = 3;
  static final int EWOULDBLOCK = EAGAIN;
  static final int ETIMEDOUT = 110;
  static final long SEEK_END = 2;
  static final int SIGKILL = 9;

  private static final boolean AARCH64 = System.getProperty("os.arch").equals("aarch64");

  /** Open fails on a symbolic link instead of following it; its value depends on the arch. */
  static final int O_NOFOLLOW = AARCH64 ? 0x8000 : 0x20000;

  static final long SYS_FUTEX = AARCH64 ? 98 : 202;
  static final long SYS_FUTEX_WAITV = 449;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  private static final MethodHandle OPEN =
      errnoCall(
          "open",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE =
      plain("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle FTRUNCATE =
      errnoCall(
          "ftruncate",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
  private static final MethodHandle LSEEK =
      errnoCall(
          "lseek",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT));
  private static final MethodHandle MMAP =
      errnoCall(
          "mmap",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG));
  private static final MethodHandle MUNMAP =
      plain(
          "munmap",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
  private static final MethodHandle FLOCK =
      errnoCall(
          "flock",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle UNLINK =
      errnoCall("unlink", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  private static final MethodHandle KILL =
      errnoCall(
          "kill",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle SETSID =
      plain("setsid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
  private static final MethodHandle SYSCALL6 =
      plain(
          "syscall",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG),
          Linker.Option.firstVariadicArg(1));

  private static final ThreadLocal<MemorySegment> STATE =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

  private Libc() {}

  @SuppressWarnings("restricted") // every libc downcall is linked here, on purpose
  private static MethodHandle plain(String name, FunctionDescriptor fd, Linker.Option... options) {
    return LINKER.downcallHandle(LIBC.findOrThrow(name), fd, options);
  }

  private static MethodHandle errnoCall(
      String name, FunctionDescriptor fd, Linker.Option... options) {
    Linker.Option[] all = new Linker.Option[options.length + 1];
    System.arraycopy(options, 0, all, 0, options.length);
    all[options.length] = ERRNO_OPTION;
    return plain(name, fd, all);
  }

  /** A libc call's result and, when it failed, its errno. */
  record Result(long value, int errno) {
    boolean failed() {
      return value == -1;
    }
  }

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  static Result open(String path, int flags, int mode) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = STATE.get();
      int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags | O_CLOEXEC, mode);
      return new Result(fd, fd < 0 ? errno(state) : 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void close(int fd) {
    try {
      int ignored = (int) CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static Result ftruncate(int fd, long size) {
    try {
      MemorySegment state = STATE.get();
      int r = (int) FTRUNCATE.invokeExact(state, fd, size);
      return new Result(r, r < 0 ? errno(state) : 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Returns the size of the file open as {@code fd}. */
  static Result size(int fd) {
    try {
      MemorySegment state = STATE.get();
      long r = (long) LSEEK.invokeExact(state, fd, 0L, (int) SEEK_END);
      return new Result(r, r < 0 ? errno(state) : 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Maps {@code size} bytes of {@code fd} shared, read-write; returns the address or -1. */
  static Result mmap(int fd, long size) {
    try {
      MemorySegment state = STATE.get();
      long r = (long) MMAP.invokeExact(state, 0L, size, PROT_READ_WRITE, MAP_SHARED, fd, 0L);
      return new Result(r, r == -1 ? errno(state) : 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void munmap(long address, long size) {
    try {
      int ignored = (int) MUNMAP.invokeExact(address, size);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static Result flock(int fd, int operation) {
    try {
      MemorySegment state = STATE.get();
      int r = (int) FLOCK.invokeExact(state, fd, operation);
      return new Result(r, r < 0 ? errno(state) : 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static Result unlink(String path) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = STATE.get();
      int r = (int) UNLINK.invokeExact(state, arena.allocateFrom(path));
      return new Result(r, r < 0 ? errno(state) : 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Whether a process with this pid exists (a zombie counts as existing). */
  static boolean processExists(int pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      MemorySegment state = STATE.get();
      int r = (int) KILL.invokeExact(state, pid, 0);
      return r == 0 || errno(state) != ESRCH;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Sends {@code signal} to {@code pid}, or to the process group {@code -pid} when negative. */
  static Result kill(int pid, int signal) {
    try {
      MemorySegment state = STATE.get();
      int r = (int) KILL.invokeExact(state, pid, signal);
      return new Result(r, r < 0 ? errno(state) : 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Makes this process the leader of a new session and process group; fails if it leads one. */
  static void setsid() {
    try {
      int ignored = (int) SETSID.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static long syscall(long number, long a, long b, long c, long d, long e, long f) {
    try {
      return (long) SYSCALL6.invokeExact(number, a, b, c, d, e, f);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static String strerror(int errno) {
    return switch (errno) {
      case ENOENT -> "no such file (ENOENT)";
      case EEXIST -> "already exists (EEXIST)";
      case 12 -> "out of memory (ENOMEM)";
      case 13 -> "permission denied (EACCES)";
      case 28 -> "no space left on device (ENOSPC)";
      case 24 -> "too many open files (EMFILE)";
      case 22 -> "invalid argument (EINVAL)";
      default -> "errno " + errno;
    };
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
