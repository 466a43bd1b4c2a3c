package dev.multiproc.jmh.hostile;

import dev.multiproc.jmh.SerializableFunction;
import java.io.Serializable;

/** A user class outside the allowed packages. */
public class Hostile implements Serializable {
  public String command = "not to be run";

  /** A serializable lambda whose capturing class is outside the allowed packages. */
  public static SerializableFunction<Integer, Integer> lambda() {
    return x -> x - 1;
  }
}
