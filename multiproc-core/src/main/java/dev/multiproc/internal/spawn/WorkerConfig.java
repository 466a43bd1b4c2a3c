package dev.multiproc.internal.spawn;

import dev.multiproc.function.ClassFilter;
import java.io.Serializable;

/**
 * What a worker learns once it is given a job: its name and what it may decode.
 *
 * @param name the worker's process name
 * @param filter the classes it may decode
 * @param parentName the name of the process that started it
 */
public record WorkerConfig(String name, ClassFilter filter, String parentName)
    implements Serializable {}
