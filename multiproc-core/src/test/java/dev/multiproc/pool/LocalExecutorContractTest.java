package dev.multiproc.pool;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.NoLeaksExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link ExecutorContract} on worker JVMs. */
@ExtendWith(NoLeaksExtension.class)
class LocalExecutorContractTest extends ExecutorContract {
  @Override
  Context ctx() {
    return Multiprocessing.local();
  }
}
