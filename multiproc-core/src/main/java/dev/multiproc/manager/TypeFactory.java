package dev.multiproc.manager;

import java.io.Serializable;

/**
 * Makes the objects of a type registered with a manager, in the manager's process: the {@code
 * callable} of Python's {@code BaseManager.register(typeid, callable)}. It travels to the
 * manager, so it must be serializable (a lambda or method reference is).
 */
@FunctionalInterface
public interface TypeFactory extends Serializable {

  /**
   * Makes one object.
   *
   * @param args the arguments given to {@link Manager#create}
   * @return the object, which must implement the registered interface
   * @throws Exception reported to the caller of {@link Manager#create}
   */
  Object create(Object... args) throws Exception;
}
