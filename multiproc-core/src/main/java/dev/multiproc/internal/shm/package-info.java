/**
 * Shared memory and the futex: libc through FFM, named segments in {@code /dev/shm}, the futex
 * wait/wake every cross-process primitive parks on, and the resource tracker that removes what a
 * process family created however it ends. Not exported.
 *
 * <p>What the shared-memory types have in common is here too: the one accessor of shared words,
 * {@link dev.multiproc.internal.shm.Memory}, named for the memory mode; the registry of segment
 * kinds, {@link dev.multiproc.internal.shm.SegmentKind}; and the layout descriptors, {@link
 * dev.multiproc.internal.shm.ShmLayout}, from which each structure takes its offsets.
 */
package dev.multiproc.internal.shm;
