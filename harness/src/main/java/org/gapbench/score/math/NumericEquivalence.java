package org.gapbench.score.math;

import java.util.SplittableRandom;

/**
 * Equivalence by evaluation: two expressions are equal when they agree at {@value #POINTS} fixed pseudo-random points
 * (relative 1e-6), and two equations when their (lhs - rhs) are proportional there. The points are positive (where
 * roots and logarithms are defined); {@value #POINTS} more points of both signs catch identities that only hold for
 * positive values ({@code |x|} is not {@code x}, nor {@code \sqrt{x^2}}): wherever both sides are defined there, they
 * must agree too. No computer algebra is needed, and the fixed seed makes every verdict reproducible.
 */
final class NumericEquivalence {
    static final int POINTS = 8;
    private static final double SYMBOLIC_TOLERANCE = 1e-6;
    private static final double[][] RANDOM_POINTS = randomPoints(false);
    private static final double[][] SIGNED_POINTS = randomPoints(true);

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
        double r = ratio(difference(ae), difference(ge));
        return !Double.isNaN(r) && Math.abs(r) > 1e-12;
    }

    /**
     * The constant factor c with {@code f = c·g} at every point (NaN when there is none): at the positive points both
     * must be defined, at the signed points wherever both are.
     */
    static double ratio(MathExpression f, MathExpression g) {
        double ratio = Double.NaN;
        for (double[][] points : new double[][][] {RANDOM_POINTS, SIGNED_POINTS}) {
            for (double[] p : points) {
                double x = f.at(p);
                double y = g.at(p);
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    if (points == RANDOM_POINTS) {
                        return Double.NaN;
                    }
                    continue;
                }
                if (Math.abs(y) < 1e-12) {
                    if (Math.abs(x) > 1e-9) {
                        return Double.NaN;
                    }
                    continue;
                }
                double r = x / y;
                if (Double.isNaN(ratio)) {
                    ratio = r;
                } else if (!close(r, ratio, SYMBOLIC_TOLERANCE)) {
                    return Double.NaN;
                }
            }
        }
        return ratio;
    }

    private static MathExpression difference(MathExpression[] sides) {
        return MathExpression.difference(sides[0], sides[1]);
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

    /**
     * True when both expressions have the same value at every positive point (same finite value, or both undefined),
     * and at every signed point where both are defined.
     */
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
        if (defined == 0) {
            return false;
        }
        for (double[] p : SIGNED_POINTS) {
            double x = a.at(p);
            double y = g.at(p);
            if (Double.isFinite(x) && Double.isFinite(y) && !close(x, y, SYMBOLIC_TOLERANCE)) {
                return false; // |x| and x agree wherever x > 0
            }
        }
        return true;
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

    private static double[][] randomPoints(boolean signed) {
        // Fixed seeds: the same answer must get the same verdict on every run and machine.
        SplittableRandom r = new SplittableRandom(signed ? 20_251_201L : 20_240_601L);
        double[][] points = new double[POINTS][MathExpression.SLOTS];
        for (double[] p : points) {
            for (int i = 0; i < p.length; i++) {
                // positive points: away from 0 and 1, where sqrt and log are defined; signed ones: either sign
                double v = 0.5 + 2.5 * r.nextDouble();
                p[i] = signed && r.nextBoolean() ? -v : v;
            }
        }
        return points;
    }
}
