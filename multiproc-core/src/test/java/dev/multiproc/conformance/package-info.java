/**
 * Conformance suites: test suites written by others, or in their shape, run against every
 * backend to check the JDK contracts the library claims ({@code Map}, {@code List}, {@code Set},
 * {@code Queue}/{@code BlockingQueue}, {@code Lock}/{@code Condition}, {@code ExecutorService},
 * and the semaphore and barrier semantics). {@link dev.multiproc.conformance.ConformanceRun}
 * turns each JUnit 3 suite (Guava testlib's builders, the cases of {@code
 * dev.multiproc.conformance.jsr166}) into JUnit Platform dynamic tests with stable ids, and keeps
 * two lists under {@code src/test/resources/dev/multiproc/conformance/}: the known failures
 * (strict: a listed test that passes fails the build) and the tests that do not apply. Each run
 * prints its counts per backend and suite and writes what failed to {@code target/conformance/}.
 */
package dev.multiproc.conformance;
