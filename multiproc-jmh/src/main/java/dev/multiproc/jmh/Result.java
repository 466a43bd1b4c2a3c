package dev.multiproc.jmh;

import java.io.Serializable;

/** Worker -> parent: a value or a Throwable. */
public record Result(long id, Object value) implements Serializable {}
