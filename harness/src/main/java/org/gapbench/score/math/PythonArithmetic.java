package org.gapbench.score.math;

/**
 * Evaluates the arithmetic subset of a Python expression ({@code 3/4}, {@code -(1+2)*3}, {@code 2**3}, {@code 7//2},
 * {@code 5%3}) to a double, the way ZeroEval's {@code float(eval(answer))} does for answers that contain a slash.
 * Anything outside that subset (names, calls, text) returns null, exactly where Python's {@code eval} would raise and
 * ZeroEval would keep the string unchanged. Never runs code.
 */
final class PythonArithmetic {
    private final String s;
    private int pos;

    private PythonArithmetic(String s) {
        this.s = s;
    }

    /** The value of {@code expression}, or null when Python would raise (syntax, names, division by zero). */
    static Double evaluate(String expression) {
        if (expression.length() > 10_000) {
            return null; // no real answer is this long; avoids deep recursion on hostile input
        }
        PythonArithmetic p = new PythonArithmetic(expression);
        try {
            p.skipSpace();
            double v = p.sum();
            p.skipSpace();
            return p.pos == p.s.length() ? v : null;
        } catch (ArithmeticException | NumberFormatException | IllegalStateException e) {
            return null;
        }
    }

    private double sum() {
        double v = product();
        while (true) {
            skipSpace();
            if (eat('+')) {
                v += product();
            } else if (peek() == '-') {
                pos++;
                v -= product();
            } else {
                return v;
            }
        }
    }

    private double product() {
        double v = unary();
        while (true) {
            skipSpace();
            if (s.startsWith("**", pos)) {
                return v; // handled in power(); a dangling ** here is a syntax error caught by the caller
            }
            if (s.startsWith("//", pos)) {
                pos += 2;
                double d = unary();
                if (d == 0) {
                    throw new ArithmeticException("division by zero");
                }
                v = Math.floor(v / d);
            } else if (eat('*')) {
                v *= unary();
            } else if (eat('/')) {
                double d = unary();
                if (d == 0) {
                    throw new ArithmeticException("division by zero");
                }
                v /= d;
            } else if (eat('%')) {
                double d = unary();
                if (d == 0) {
                    throw new ArithmeticException("modulo by zero");
                }
                v = v - d * Math.floor(v / d);
            } else {
                return v;
            }
        }
    }

    private double unary() {
        skipSpace();
        if (eat('-')) {
            return -unary();
        }
        if (eat('+')) {
            return unary();
        }
        return power();
    }

    private double power() {
        double base = atom();
        skipSpace();
        if (s.startsWith("**", pos)) {
            pos += 2;
            return Math.pow(base, unary()); // right-associative, binds tighter than unary minus on its left
        }
        return base;
    }

    private double atom() {
        skipSpace();
        if (eat('(')) {
            double v = sum();
            skipSpace();
            if (!eat(')')) {
                throw new IllegalStateException("unclosed parenthesis");
            }
            return v;
        }
        int start = pos;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.' || s.charAt(pos) == '_')) {
            pos++;
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E') && pos > start) {
            int save = pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == digits) {
                pos = save;
            }
        }
        String literal = s.substring(start, pos);
        if (literal.isEmpty() || literal.equals(".") || literal.startsWith("_") || literal.endsWith("_") || literal.contains("__")) {
            throw new IllegalStateException("not a number");
        }
        String plain = UnicodeDigits.toAscii(literal.replace("_", ""));
        if (plain.length() > 1 && plain.charAt(0) == '0' && plain.chars().allMatch(Character::isDigit) && !plain.matches("0+")) {
            throw new IllegalStateException("leading zeros in a decimal integer literal");
        }
        if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
            throw new IllegalStateException("name after a number");
        }
        return Double.parseDouble(plain);
    }

    private void skipSpace() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private boolean eat(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }
}
