package org.gapbench.cli;

import org.gapbench.config.ConfigException;

/**
 * Range checks for numeric flags, made before a command does anything: a value out of range is one line naming the
 * flag ({@code --limit must be at least 1, not -5}), exit 2. A null value is a flag not given.
 */
final class Flags {
    private Flags() {
    }

    static void atLeast(String flag, Number value, long min) {
        if (value != null && value.doubleValue() < min) {
            throw new ConfigException(flag + " must be at least " + min + ", not " + value);
        }
    }

    static void atMost(String flag, Number value, long max) {
        if (value != null && value.doubleValue() > max) {
            throw new ConfigException(flag + " must be at most " + max + ", not " + value);
        }
    }

    /** A number above zero (a timeout, a budget). */
    static void positive(String flag, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new ConfigException(flag + " must be a number above 0, not " + value);
        }
    }

    static void between(String flag, Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw new ConfigException(flag + " must be between " + fmt(min) + " and " + fmt(max) + ", not " + value);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
