package org.gapbench.score.math;

import java.util.BitSet;

/**
 * A parsed LaTeX/plain arithmetic expression ({@code 2\sqrt{3}}, {@code \frac{a+1}{2}}, {@code 6r^2-4r-24},
 * {@code 3\pi/2}) that can be evaluated for any values of its single-letter variables. Equivalence of expressions
 * is then checked numerically at random points, which needs no computer-algebra system. Parsing fails (null) on
 * anything outside the grammar, and the caller falls back to comparing text.
 */
final class MathExpression {
    /** Variables are single ASCII letters: slot 0-25 for a-z, 26-51 for A-Z. */
    static final int SLOTS = 52;
    private static final String[] FUNCTIONS = {"\\arcsin", "\\arccos", "\\arctan", "\\sin", "\\cos", "\\tan", "\\sec", "\\csc",
        "\\cot", "\\ln", "\\log", "\\exp"};

    @FunctionalInterface
    interface Node {
        double at(double[] vars);
    }

    private final Node root;
    private final BitSet variables;

    private MathExpression(Node root, BitSet variables) {
        this.root = root;
        this.variables = variables;
    }

    double at(double[] vars) {
        return root.at(vars);
    }

    BitSet variables() {
        return variables;
    }

    boolean constant() {
        return variables.isEmpty();
    }

    /** {@code a - b}, over the variables of both. */
    static MathExpression difference(MathExpression a, MathExpression b) {
        BitSet vars = (BitSet) a.variables.clone();
        vars.or(b.variables);
        return new MathExpression(v -> a.at(v) - b.at(v), vars);
    }

    /** Parses a normalized answer, or returns null when it is not an expression this grammar covers. */
    static MathExpression parse(String text) {
        if (text.isEmpty() || text.length() > 2_000) {
            return null;
        }
        Parser p = new Parser(text);
        try {
            Node n = p.sum();
            p.space();
            return p.pos == text.length() ? new MathExpression(n, p.vars) : null;
        } catch (IllegalStateException | NumberFormatException | StackOverflowError e) {
            return null;
        }
    }

    private static final class Parser {
        private final String s;
        private final BitSet vars = new BitSet(SLOTS);
        private int pos;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        Node sum() {
            Node left = product();
            while (true) {
                space();
                if (eat("+")) {
                    Node a = left;
                    Node b = product();
                    left = v -> a.at(v) + b.at(v);
                } else if (eat("-")) {
                    Node a = left;
                    Node b = product();
                    left = v -> a.at(v) - b.at(v);
                } else {
                    return left;
                }
            }
        }

        Node product() {
            Node left = unary();
            while (true) {
                space();
                if (eat("*") || eat("\\cdot") || eat("\\times")) {
                    Node a = left;
                    Node b = unary();
                    left = v -> a.at(v) * b.at(v);
                } else if (eat("/") || eat("\\div")) {
                    Node a = left;
                    Node b = unary();
                    left = v -> a.at(v) / b.at(v);
                } else if (startsAtom()) {
                    Node a = left;
                    Node b = power(); // implicit multiplication: 2\sqrt{3}, 3x, (a+5)(b+2)
                    left = v -> a.at(v) * b.at(v);
                } else {
                    return left;
                }
            }
        }

        Node unary() {
            space();
            if (eat("-")) {
                Node a = unary();
                return v -> -a.at(v);
            }
            if (eat("+")) {
                return unary();
            }
            return power();
        }

        Node power() {
            Node base = postfix();
            space();
            if (eat("^")) {
                space();
                Node exp = peek() == '{' ? braced() : peek() == '-' ? unary() : postfix();
                return v -> Math.pow(base.at(v), exp.at(v));
            }
            return base;
        }

        Node postfix() {
            Node a = atom();
            space();
            if (eat("!")) {
                return v -> factorial(a.at(v));
            }
            return a;
        }

        boolean startsAtom() {
            space();
            if (pos >= s.length()) {
                return false;
            }
            char c = s.charAt(pos);
            if (Character.isDigit(c) || c == '.' || c == '(' || c == '{' || (c < 128 && Character.isLetter(c))) {
                return true;
            }
            return c == '\\' && !s.startsWith("\\cdot", pos) && !s.startsWith("\\times", pos) && !s.startsWith("\\div", pos);
        }

        Node atom() {
            if (++depth > 200) {
                throw new IllegalStateException("too deep");
            }
            try {
                space();
                if (pos >= s.length()) {
                    throw new IllegalStateException("expected a term");
                }
                char c = s.charAt(pos);
                if (c == '(' || c == '[') {
                    pos++;
                    Node n = sum();
                    space();
                    if (!eat(")") && !eat("]")) {
                        throw new IllegalStateException("unclosed parenthesis");
                    }
                    return n;
                }
                if (c == '{') {
                    return braced();
                }
                if (c == '|') {
                    pos++;
                    Node n = sum();
                    expect("|");
                    return v -> Math.abs(n.at(v));
                }
                if (Character.isDigit(c) || c == '.') {
                    return number();
                }
                if (c == '\\') {
                    return command();
                }
                if (c < 128 && Character.isLetter(c)) {
                    if (pos + 2 < s.length() && isAsciiLetter(s.charAt(pos + 1)) && isAsciiLetter(s.charAt(pos + 2))) {
                        throw new IllegalStateException("a word, not a product of variables"); // "years", "dollars"
                    }
                    pos++;
                    int slot = c >= 'a' ? c - 'a' : 26 + c - 'A';
                    vars.set(slot);
                    return v -> v[slot];
                }
                throw new IllegalStateException("unexpected " + c);
            } finally {
                depth--;
            }
        }

        Node command() {
            if (eat("\\frac")) {
                Node num = braced();
                Node den = braced();
                return v -> num.at(v) / den.at(v);
            }
            if (eat("\\sqrt")) {
                space();
                if (eat("[")) {
                    Node index = sum();
                    expect("]");
                    Node radicand = argument();
                    return v -> nthRoot(radicand.at(v), index.at(v));
                }
                Node radicand = argument();
                return v -> Math.sqrt(radicand.at(v));
            }
            if (eat("\\pi")) {
                return v -> Math.PI;
            }
            if (eat("\\infty")) {
                return v -> Double.POSITIVE_INFINITY;
            }
            for (String f : FUNCTIONS) {
                if (s.startsWith(f, pos) && (pos + f.length() >= s.length() || !Character.isLetter(s.charAt(pos + f.length())))) {
                    pos += f.length();
                    Node exponent = null;
                    if (eat("^")) { // \tan^2 x is (tan x)^2
                        exponent = argument();
                    }
                    Node a = power();
                    Node fn = switch (f) {
                        case "\\sin" -> v -> Math.sin(a.at(v));
                        case "\\cos" -> v -> Math.cos(a.at(v));
                        case "\\tan" -> v -> Math.tan(a.at(v));
                        case "\\ln" -> v -> Math.log(a.at(v));
                        case "\\log" -> v -> Math.log10(a.at(v));
                        case "\\exp" -> v -> Math.exp(a.at(v));
                        case "\\arcsin" -> v -> Math.asin(a.at(v));
                        case "\\arccos" -> v -> Math.acos(a.at(v));
                        case "\\sec" -> v -> 1 / Math.cos(a.at(v));
                        case "\\csc" -> v -> 1 / Math.sin(a.at(v));
                        case "\\cot" -> v -> 1 / Math.tan(a.at(v));
                        default -> v -> Math.atan(a.at(v));
                    };
                    if (exponent == null) {
                        return fn;
                    }
                    Node e = exponent;
                    return v -> Math.pow(fn.at(v), e.at(v));
                }
            }
            throw new IllegalStateException("unknown command");
        }

        /** The argument of \sqrt or ^: a braced group or a single digit/letter/command. */
        Node argument() {
            space();
            if (peek() == '{') {
                return braced();
            }
            if (Character.isDigit(peek())) {
                char d = s.charAt(pos++);
                return v -> d - '0';
            }
            return atom();
        }

        Node braced() {
            space();
            expect("{");
            Node n = sum();
            expect("}");
            return n;
        }

        Node number() {
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            double value = Double.parseDouble(s.substring(start, pos));
            return v -> value;
        }

        void expect(String token) {
            space();
            if (!eat(token)) {
                throw new IllegalStateException("expected " + token);
            }
        }

        boolean eat(String token) {
            space();
            if (s.startsWith(token, pos)) {
                // a command must not be the prefix of a longer one (\pi vs \pink)
                if (token.startsWith("\\") && pos + token.length() < s.length() && Character.isLetter(s.charAt(pos + token.length()))
                        && Character.isLetter(token.charAt(token.length() - 1))) {
                    return false;
                }
                pos += token.length();
                return true;
            }
            return false;
        }

        char peek() {
            space();
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void space() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static double nthRoot(double x, double n) {
        if (x < 0 && Math.rint(n) == n && ((long) n) % 2 == 1) {
            return -Math.pow(-x, 1 / n);
        }
        return Math.pow(x, 1 / n);
    }

    private static double factorial(double x) {
        if (x < 0 || x > 170 || Math.rint(x) != x) {
            return Double.NaN;
        }
        double r = 1;
        for (int i = 2; i <= x; i++) {
            r *= i;
        }
        return r;
    }
}
