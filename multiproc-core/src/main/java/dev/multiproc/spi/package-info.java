/**
 * What a backend module builds on. For synchronisation: the Python semantics of each primitive
 * written once (argument checks and their messages, deadlines, lock and RLock rules, condition
 * waits, barrier generations, semaphore permits), over a small state interface that each backend
 * implements with its own storage and its own way to wait and wake. Not a public API: no
 * compatibility promise.
 */
@NullMarked
package dev.multiproc.spi;

import org.jspecify.annotations.NullMarked;
