package org.gapbench.score.math;

import java.util.SplittableRandom;

/**
 * Equivalence by evaluation: two expressions are equal when they agree at {@value #POINTS} fixed pseudo-random points
 * (relative 1e-6), and two equations when their (lhs - rhs) are proportional there. No computer algebra is needed,
 * and the fixed seed makes every verdict reproducible.
 */
final class NumericEquivalence {
    static final int POINTS = 8;
    private static final double SYMBOLIC_TOLERANCE = 1e-6;
    private static final double[][] RANDOM_POINTS = randomPoints();

    private NumericEquivalence() {
    }

    /** The value of an expression without variables. */
    static double valueOf(MathExpression constant) {
        return constant.at(RANDOM_POINTS[0]);
    }

    /** Equations with one "=" each whose (lhs - rhs) differ by a nonzero constant factor: {@code 2x=4} vs {@code x-2=0}. */
    static boolean equations(String a, String g) {
        MathExpression[] ae = sides(a);
        MathExpression[] ge = sides(g);
        if (ae == null || ge == null) {
            return false;
        }
        double ratio = Double.NaN;
        for (double[] p : RANDOM_POINTS) {
            double x = ae[0].at(p) - ae[1].at(p);
            double y = ge[0].at(p) - ge[1].at(p);
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                return false;
            }
            if (Math.abs(y) < 1e-12) {
                if (Math.abs(x) > 1e-9) {
                    return false;
                }
                continue;
            }
            double r = x / y;
            if (Double.isNaN(ratio)) {
                ratio = r;
            } else if (!close(r, ratio, SYMBOLIC_TOLERANCE)) {
                return false;
            }
        }
        return !Double.isNaN(ratio) && Math.abs(ratio) > 1e-12;
    }

    private static MathExpression[] sides(String eq) {
        int i = eq.indexOf('=');
        if (i < 0 || eq.indexOf('=', i + 1) >= 0) {
            return null;
        }
        MathExpression l = MathExpression.parse(eq.substring(0, i).strip());
        MathExpression r = MathExpression.parse(eq.substring(i + 1).strip());
        return l == null || r == null ? null : new MathExpression[] {l, r};
    }

    /** True when both expressions have the same value at every random point (same finite value, or both undefined). */
    static boolean sameEverywhere(MathExpression a, MathExpression g) {
        int defined = 0;
        for (double[] p : RANDOM_POINTS) {
            double x = a.at(p);
            double y = g.at(p);
            if (Double.isNaN(x) && Double.isNaN(y)) {
                continue;
            }
            if (!close(x, y, SYMBOLIC_TOLERANCE)) {
                return false;
            }
            defined++;
        }
        return defined > 0;
    }

    /** Equal within a relative tolerance (absolute below 1). */
    static boolean close(double x, double y, double tolerance) {
        if (x == y) {
            return true;
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return false;
        }
        return Math.abs(x - y) <= tolerance * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
    }

    private static double[][] randomPoints() {
        // Fixed seed: the same answer must get the same verdict on every run and machine.
        SplittableRandom r = new SplittableRandom(20_240_601L);
        double[][] points = new double[POINTS][MathExpression.SLOTS];
        for (double[] p : points) {
            for (int i = 0; i < p.length; i++) {
                p[i] = 0.5 + 2.5 * r.nextDouble(); // positive, away from 0 and 1, where sqrt and log are defined
            }
        }
        return points;
    }
}
