/**
 * Memory shared between processes: typed values and arrays ({@code multiprocessing.Value},
 * {@code Array}, {@code RawValue}, {@code RawArray}) with atomic operations, and named blocks
 * ({@code shared_memory.SharedMemory}, {@code ShareableList}), mapped from {@code /dev/shm}
 * with the FFM API.
 */
@NullMarked
package dev.multiproc.shared;

import org.jspecify.annotations.NullMarked;
