/**
 * Internal: the codec that turns tasks, results and exceptions into bytes and back, with class
 * filtering on decode. No compatibility promise: not exported by the module.
 */
@NullMarked
package dev.multiproc.internal.codec;

import org.jspecify.annotations.NullMarked;
