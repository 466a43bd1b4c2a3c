package dev.multiproc.jmh;

import java.io.Serializable;

/** Parent -> worker: apply {@code fn} to {@code arg}. */
public record Call(long id, Object fn, Object arg) implements Serializable {}
