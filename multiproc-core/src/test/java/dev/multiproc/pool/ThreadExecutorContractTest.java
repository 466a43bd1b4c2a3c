package dev.multiproc.pool;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.NoLeaksExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link ExecutorContract} on threads of this JVM. */
@ExtendWith(NoLeaksExtension.class)
class ThreadExecutorContractTest extends ExecutorContract {
  @Override
  Context ctx() {
    return Multiprocessing.threads();
  }
}
