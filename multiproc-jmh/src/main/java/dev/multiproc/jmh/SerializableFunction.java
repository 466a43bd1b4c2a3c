package dev.multiproc.jmh;

import java.io.Serializable;
import java.util.function.Function;

/** A function that javac compiles with a {@code $deserializeLambda$} hook, so it can cross JVMs. */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
