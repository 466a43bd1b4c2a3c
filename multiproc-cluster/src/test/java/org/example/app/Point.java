package org.example.app;

import java.io.Serializable;

/**
 * Test support: an application's own value class, which members that lack the application's jar
 * load from the caller.
 *
 * @param x the first coordinate
 * @param y the second
 */
public record Point(int x, int y) implements Serializable {}
