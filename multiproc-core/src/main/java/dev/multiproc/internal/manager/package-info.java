/**
 * Managers: the server that owns objects ({@link dev.multiproc.internal.manager.ManagerServer},
 * its connections, sessions and call threads), the requests it answers, and, in every process
 * that uses one, the shared connections to it and the dynamic proxies that send the calls. Start
 * with {@code ManagerServer} for the manager's side and {@code ClientPool} for a caller's; {@code
 * docs/managers.md} has the picture. No compatibility promise: internal to the library.
 */
package dev.multiproc.internal.manager;
