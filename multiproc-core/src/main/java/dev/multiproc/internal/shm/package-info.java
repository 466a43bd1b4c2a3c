/**
 * Shared memory and the futex: libc through FFM, named segments in {@code /dev/shm}, the futex
 * wait/wake every cross-process primitive parks on, and the resource tracker that removes what a
 * process family created however it ends. Not exported.
 */
package dev.multiproc.internal.shm;
