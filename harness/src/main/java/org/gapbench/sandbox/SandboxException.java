package org.gapbench.sandbox;

/** The sandbox itself failed (could not start, could not write its files): a harness error, never a wrong answer. */
public final class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
