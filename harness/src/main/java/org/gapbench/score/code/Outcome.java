package org.gapbench.score.code;

/** What happened to a candidate program; the label is the {@code Score.rule}. Only {@link #PASSED} scores 1. */
enum Outcome {
    PASSED("passed"),
    ASSERTION_FAILED("assertion-failed"),
    COMPILE_ERROR("compile-error"),
    RUNTIME_ERROR("runtime-error"),
    TIMEOUT("timeout"),
    MEMORY_LIMIT("memory-limit"),
    OUTPUT_LIMIT("output-limit"),
    /** The candidate broke the channel to its judge: a message out of turn, malformed or not the reply asked for. */
    TAMPERING("tampering"),
    NO_CODE("no-code");

    final String label;

    Outcome(String label) {
        this.label = label;
    }
}
