package org.gapbench.cli;

/**
 * A subcommand that ships outside the product jar and is found on the class path ({@code META-INF/services}): the
 * benchmark ({@code gapbench bench}) lives in its own module with the test servers it needs, so the product carries
 * neither.
 */
public interface Extension {
    /** A picocli command object (annotated with {@code @Command}). */
    Object command();
}
