/**
 * Contract cases for the {@code java.util.concurrent} interfaces the library implements, in the
 * shape of the JSR-166 TCK (one instance per {@code test*} method, helper threads whose failures
 * fail the case, a short delay a timed wait must outlast and a long one that bounds what must
 * happen): {@code BlockingQueue}, {@code Lock} and {@code Condition}, the semaphores, the
 * barrier and {@code ExecutorService} (with what OpenJDK's executor {@code InvokeTest} and
 * {@code CloseTest} check). They are written for this project from the JDK's specifications; the
 * TCK and OpenJDK's tests were the list of what to check, not a source: no file of theirs is
 * copied here.
 *
 * <p>Left out, because the API has no such thing: fairness, queue and owner introspection ({@code
 * getQueueLength}, {@code hasWaiters}, {@code getOwner} …), multi-permit acquires and {@code
 * drainPermits}, and {@code ThreadPoolExecutor}'s tuning and hooks. Every task is serializable
 * and reports through its result or a backend's {@code SharedInt}, so no case depends on sharing
 * the test's memory and each runs against every backend.
 */
package dev.multiproc.conformance.jsr166;
