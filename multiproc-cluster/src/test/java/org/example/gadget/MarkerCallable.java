package org.example.gadget;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Test support: a class outside the library's, the JDK's and Hazelcast's packages, which acts as
 * soon as it is deserialized (as a gadget chain would) by creating a marker file. A member that
 * deserializes it has run a stranger's code.
 */
public final class MarkerCallable implements Callable<String>, Serializable {
  private static final long serialVersionUID = 1L;

  private final String marker;

  /**
   * Creates the callable.
   *
   * @param marker the file its deserialization creates
   */
  public MarkerCallable(Path marker) {
    this.marker = marker.toString();
  }

  @Override
  public String call() throws IOException {
    Files.writeString(Path.of(marker), "called");
    return "called";
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    Files.writeString(Path.of(marker), "deserialized");
  }
}
