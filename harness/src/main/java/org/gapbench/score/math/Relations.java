package org.gapbench.score.math;

import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inequalities (already normalized to {@code < <= > >= !=}). A one-variable inequality is the interval of its variable:
 * {@code x < 1} is {@code (-\infty, 1)}, {@code x >= 2} is {@code [2, \infty)}, {@code -2 < x <= 3} is {@code (-2, 3]},
 * {@code -x > -1} and {@code 2x - 2 < 0} are {@code x < 1} (the linear side solved, the sign flipped when the
 * coefficient is negative), {@code 1 <= |z| <= 3/2} is {@code z} in {@code [-3/2, -1] \cup [1, 3/2]}. Other
 * inequalities are equal when they are the same side by side or mirrored, or when their (left − right) sides are
 * proportional with a positive factor at the checker's random points.
 */
final class Relations {
    private static final Pattern SINGLE = Pattern.compile("^([^<>!=]+)(<=|>=|!=|<|>)([^<>!=]+)$");
    private static final Pattern CHAIN = Pattern.compile("^([^<>!=]+)(<=|<|>=|>)([^<>!=]+)(<=|<|>=|>)([^<>!=]+)$");
    private static final Pattern ANY = Pattern.compile("<|>|!=");
    private static final Map<String, String> FLIPPED = Map.of("<", ">", ">", "<", "<=", ">=", ">=", "<=", "!=", "!=");
    private static final String INFINITY = "\\infty";
    private static final double[] PROBES = {0, 1, 2, -1.5};

    private Relations() {
    }

    static boolean isRelation(String s) {
        return ANY.matcher(s).find();
    }

    /** The inequality as its variable's interval, or null when it is not a one-variable linear inequality. */
    static NamedValues.Part asInterval(String relation) {
        Matcher c = CHAIN.matcher(relation);
        if (c.matches()) {
            return chain(c.group(1).strip(), c.group(2), c.group(3).strip(), c.group(4), c.group(5).strip(), relation);
        }
        Matcher m = SINGLE.matcher(relation);
        if (!m.matches()) {
            return null;
        }
        String left = m.group(1).strip();
        String op = m.group(2);
        String right = m.group(3).strip();
        String leftName = NamedValues.name(left);
        if (leftName != null && bound(right)) {
            return interval(leftName, op, right, relation);
        }
        String rightName = NamedValues.name(right);
        if (rightName != null && bound(left)) {
            return interval(rightName, FLIPPED.get(op), left, relation);
        }
        return solved(left, op, right, relation);
    }

    /** {@code a < x <= b} (or with {@code >}): the name between two bounds. */
    private static NamedValues.Part chain(String low, String op1, String mid, String op2, String high, String relation) {
        boolean up = op1.startsWith("<");
        if (up != op2.startsWith("<") || !bound(low) || !bound(high)) {
            return null;
        }
        String name = NamedValues.name(mid);
        if (name == null) {
            return null;
        }
        String lo = up ? low : high;
        String hi = up ? high : low;
        boolean loClosed = (up ? op1 : op2).endsWith("=");
        boolean hiClosed = (up ? op2 : op1).endsWith("=");
        if (name.startsWith("|") && positive(lo)) { // 1 <= |z| <= 3/2: z on both sides of 0
            String inner = name.substring(1, name.length() - 1);
            return new NamedValues.Part(inner, interval("-" + group(hi), hiClosed, "-" + group(lo), loClosed) + " \\cup "
                    + interval(lo, loClosed, hi, hiClosed), relation, true);
        }
        return new NamedValues.Part(name, interval(lo, loClosed, hi, hiClosed), relation, true);
    }

    /** {@code name op bound}. */
    private static NamedValues.Part interval(String name, String op, String bound, String relation) {
        if (name.startsWith("|") && !op.equals("!=") && positive(bound)) { // |z| < c: z between -c and c; |z| > c: outside
            String inner = name.substring(1, name.length() - 1);
            boolean closed = op.endsWith("=");
            String neg = "-" + group(bound);
            String set = op.startsWith("<") ? interval(neg, closed, bound, closed)
                    : interval("-" + INFINITY, false, neg, closed) + " \\cup " + interval(bound, closed, INFINITY, false);
            return new NamedValues.Part(inner, set, relation, true);
        }
        String set = switch (op) {
            case "<" -> interval("-" + INFINITY, false, bound, false);
            case "<=" -> interval("-" + INFINITY, false, bound, true);
            case ">" -> interval(bound, false, INFINITY, false);
            case ">=" -> interval(bound, true, INFINITY, false);
            default -> interval("-" + INFINITY, false, bound, false) + " \\cup " + interval(bound, false, INFINITY, false);
        };
        return new NamedValues.Part(name, set, relation, true);
    }

    /** {@code -x > -1}, {@code 2x - 4 >= 0}: (left − right) linear in its one variable, solved for it. */
    private static NamedValues.Part solved(String left, String op, String right, String relation) {
        MathExpression f = MathExpression.parse("(" + left + ")-(" + right + ")");
        if (f == null || f.variables().cardinality() != 1) {
            return null;
        }
        int slot = f.variables().nextSetBit(0);
        double[] at = new double[MathExpression.SLOTS];
        double[] y = new double[PROBES.length];
        for (int i = 0; i < PROBES.length; i++) {
            at[slot] = PROBES[i];
            y[i] = f.at(at);
            if (!Double.isFinite(y[i])) {
                return null;
            }
        }
        double slope = y[1] - y[0];
        if (Math.abs(slope) < 1e-12) {
            return null;
        }
        for (int i = 2; i < PROBES.length; i++) {
            if (!NumericEquivalence.close(y[i], y[0] + slope * PROBES[i], 1e-9)) {
                return null; // not linear: x^2 > 4 is not one interval
            }
        }
        double root = -y[0] / slope;
        String bound = Math.rint(root) == root && Math.abs(root) < 1e15 ? Long.toString((long) root) : Double.toString(root);
        char name = (char) (slot < 26 ? 'a' + slot : 'A' + slot - 26);
        return interval(String.valueOf(name), slope > 0 ? op : FLIPPED.get(op), bound, relation);
    }

    private static String interval(String low, boolean lowClosed, String high, boolean highClosed) {
        return (lowClosed ? "[" : "(") + low + ", " + high + (highClosed ? "]" : ")");
    }

    private static String group(String s) {
        return s.startsWith("-") || s.contains("+") || s.contains(" ") ? "(" + s + ")" : s;
    }

    private static boolean bound(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1).strip() : s;
        if (t.equals(INFINITY)) {
            return true;
        }
        MathExpression e = MathExpression.parse(s);
        return e != null && e.constant() && Double.isFinite(NumericEquivalence.valueOf(e));
    }

    private static boolean positive(String s) {
        MathExpression e = MathExpression.parse(s);
        return e != null && e.constant() && NumericEquivalence.valueOf(e) > 0;
    }

    /**
     * Two inequalities that are not intervals: the rule that makes them equal, "" when both are inequalities and
     * differ, null when neither is one.
     */
    static String compare(String a, String g, BiPredicate<String, String> same) {
        Matcher ra = SINGLE.matcher(a);
        Matcher rg = SINGLE.matcher(g);
        boolean am = ra.matches();
        boolean gm = rg.matches();
        if (!am && !gm) {
            return null;
        }
        if (!(am && gm)) {
            return "";
        }
        String opA = ra.group(2);
        String opG = rg.group(2);
        if (opA.equals(opG) && same.test(ra.group(1), rg.group(1)) && same.test(ra.group(3), rg.group(3))) {
            return "relation-equal";
        }
        if (opA.equals(FLIPPED.get(opG)) && same.test(ra.group(1), rg.group(3)) && same.test(ra.group(3), rg.group(1))) {
            return "relation-equal";
        }
        return proportional(ra.group(1), opA, ra.group(3), rg.group(1), opG, rg.group(3)) ? "relation-equal" : "";
    }

    /** {@code y - 2x > 0} and {@code 2x < y}: both as {@code f < 0} (or {@code <=}, {@code !=}), f proportional, factor > 0. */
    private static boolean proportional(String la, String opA, String ra, String lg, String opG, String rg) {
        boolean flipA = opA.startsWith(">");
        boolean flipG = opG.startsWith(">");
        String strictA = opA.replace('>', '<');
        String strictG = opG.replace('>', '<');
        if (!strictA.equals(strictG)) {
            return false;
        }
        MathExpression fa = MathExpression.parse(flipA ? "(" + ra + ")-(" + la + ")" : "(" + la + ")-(" + ra + ")");
        MathExpression fg = MathExpression.parse(flipG ? "(" + rg + ")-(" + lg + ")" : "(" + lg + ")-(" + rg + ")");
        if (fa == null || fg == null) {
            return false;
        }
        double ratio = NumericEquivalence.ratio(fa, fg);
        return strictA.equals("!=") ? Math.abs(ratio) > 1e-12 : ratio > 1e-12;
    }
}
