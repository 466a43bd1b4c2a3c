package com.example.app;

import java.io.Serializable;

/**
 * An item the child sends through the queue: the application's own class.
 *
 * @param text its text
 * @param pid the process that made it
 */
public record Part(String text, long pid) implements Serializable {}
