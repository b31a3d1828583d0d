package org.gapbench.sandbox;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A program that has been started: a process on the host ({@link ProcessRunner#start}) or a fork in a warm box
 * ({@link WarmBox}). {@link ProcessRunner} and {@link Conversation} drive both alike.
 */
interface Running {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Waits up to {@code millis} for the program to exit; true when it has. */
    boolean waitFor(long millis) throws InterruptedException;

    /** The exit status (128 + signal when a signal ended it); only after {@link #waitFor} said it exited. */
    int exitValue();

    /** Ends the program and every process it started, and returns once they are gone. */
    void kill();

    /** Ends what the program left running after it exited (background children still holding its output). */
    void endRemnants();
}
