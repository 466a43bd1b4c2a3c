/**
 * Managers: the server that owns objects, the requests it answers, and the dynamic proxies that
 * send them.
 */
package dev.multiproc.internal.manager;
