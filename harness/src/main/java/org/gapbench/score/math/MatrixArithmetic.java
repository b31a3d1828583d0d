package org.gapbench.score.math;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates arithmetic on matrices with constant entries, so that an answer written as a sum or a product
 * ({@code \begin{pmatrix}1&2\\3&4\end{pmatrix} + \begin{pmatrix}5&6\\7&8\end{pmatrix}}) is compared by its value:
 * sums, differences, products (dimensions checked), scalar multiples and negation. Anything else (a variable entry,
 * a determinant, mismatched dimensions) is left as written.
 */
final class MatrixArithmetic {
    private static final Pattern MATRIX = Pattern.compile(
            "\\\\begin\\{([pbvB]?matrix|array)}(?:\\{[lcr|]*})?(.*?)\\\\end\\{\\1}", Pattern.DOTALL);
    private static final int MAX_CELLS = 400;

    /** A matrix of values; a scalar is 1×1 with {@code scalar} set. */
    private record Value(double[][] cells, boolean scalar) {
        int rows() {
            return cells.length;
        }

        int cols() {
            return cells[0].length;
        }
    }

    private final List<Object> tokens = new ArrayList<>();
    private int pos;

    private MatrixArithmetic() {
    }

    /** The value of {@code s} as one matrix literal, or {@code s} unchanged when it is not matrix arithmetic. */
    static String evaluate(String s) {
        if (!s.contains("\\begin{")) {
            return s;
        }
        MatrixArithmetic m = new MatrixArithmetic();
        try {
            if (!m.tokenize(s) || m.tokens.stream().filter(t -> t instanceof Value v && !v.scalar()).count() == 0) {
                return s;
            }
            Value v = m.sum();
            if (m.pos != m.tokens.size() || v.scalar() || m.tokens.size() == 1) {
                return s;
            }
            return literal(v);
        } catch (IllegalStateException e) {
            return s;
        }
    }

    /** Matrices become values; operators and parentheses stay strings; text between them must be a constant. */
    private boolean tokenize(String s) {
        Matcher m = MATRIX.matcher(s);
        int at = 0;
        while (m.find()) {
            if (!scalars(s.substring(at, m.start()))) {
                return false;
            }
            Value v = matrix(m.group(2));
            if (v == null) {
                return false;
            }
            tokens.add(v);
            at = m.end();
        }
        return scalars(s.substring(at));
    }

    private boolean scalars(String text) {
        int i = 0;
        int braces = 0;
        StringBuilder constant = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i);
            braces += c == '{' ? 1 : c == '}' ? -1 : 0;
            String op = braces > 0 ? null : c == '+' || c == '-' || c == '*' || c == '(' || c == ')' ? String.valueOf(c)
                    : text.startsWith("\\cdot", i) ? "\\cdot" : text.startsWith("\\times", i) ? "\\times" : null;
            if (op != null) {
                if (!flush(constant)) {
                    return false;
                }
                tokens.add(op.equals("\\cdot") || op.equals("\\times") ? "*" : op);
                i += op.length();
            } else {
                constant.append(c);
                i++;
            }
        }
        return flush(constant);
    }

    private boolean flush(StringBuilder constant) {
        String c = constant.toString().strip();
        constant.setLength(0);
        if (c.isEmpty()) {
            return true;
        }
        MathExpression e = MathExpression.parse(c);
        if (e == null || !e.constant()) {
            return false;
        }
        tokens.add(new Value(new double[][] {{NumericEquivalence.valueOf(e)}}, true));
        return true;
    }

    private static Value matrix(String body) {
        List<double[]> rows = new ArrayList<>();
        int cells = 0;
        for (String row : body.split("\\\\\\\\")) {
            if (row.isBlank()) {
                continue;
            }
            String[] entries = row.split("&");
            double[] r = new double[entries.length];
            for (int i = 0; i < entries.length; i++) {
                MathExpression e = MathExpression.parse(entries[i].strip());
                if (e == null || !e.constant() || ++cells > MAX_CELLS) {
                    return null;
                }
                r[i] = NumericEquivalence.valueOf(e);
            }
            if (!rows.isEmpty() && rows.get(0).length != r.length) {
                return null;
            }
            rows.add(r);
        }
        return rows.isEmpty() ? null : new Value(rows.toArray(double[][]::new), false);
    }

    private Value sum() {
        Value left = product();
        while (pos < tokens.size() && ("+".equals(tokens.get(pos)) || "-".equals(tokens.get(pos)))) {
            boolean minus = "-".equals(tokens.get(pos++));
            Value right = product();
            left = add(left, minus ? scale(right, -1) : right);
        }
        return left;
    }

    private Value product() {
        Value left = unary();
        while (pos < tokens.size() && ("*".equals(tokens.get(pos)) || tokens.get(pos) instanceof Value || "(".equals(tokens.get(pos)))) {
            if ("*".equals(tokens.get(pos))) {
                pos++;
            }
            left = multiply(left, unary());
        }
        return left;
    }

    private Value unary() {
        if (pos < tokens.size() && "-".equals(tokens.get(pos))) {
            pos++;
            return scale(unary(), -1);
        }
        if (pos < tokens.size() && "(".equals(tokens.get(pos))) {
            pos++;
            Value v = sum();
            if (pos >= tokens.size() || !")".equals(tokens.get(pos++))) {
                throw new IllegalStateException("unclosed parenthesis");
            }
            return v;
        }
        if (pos < tokens.size() && tokens.get(pos) instanceof Value v) {
            pos++;
            return v;
        }
        throw new IllegalStateException("expected a matrix or a number");
    }

    private static Value add(Value a, Value b) {
        if (a.scalar() != b.scalar() || a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalStateException("dimensions differ");
        }
        double[][] c = new double[a.rows()][a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                c[i][j] = a.cells()[i][j] + b.cells()[i][j];
            }
        }
        return new Value(c, a.scalar());
    }

    private static Value scale(Value a, double k) {
        double[][] c = new double[a.rows()][a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                c[i][j] = k * a.cells()[i][j];
            }
        }
        return new Value(c, a.scalar());
    }

    private static Value multiply(Value a, Value b) {
        if (a.scalar()) {
            return scale(b, a.cells()[0][0]);
        }
        if (b.scalar()) {
            return scale(a, b.cells()[0][0]);
        }
        if (a.cols() != b.rows() || (long) a.rows() * b.cols() > MAX_CELLS) {
            throw new IllegalStateException("dimensions do not allow the product");
        }
        double[][] c = new double[a.rows()][b.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                for (int k = 0; k < a.cols(); k++) {
                    c[i][j] += a.cells()[i][k] * b.cells()[k][j];
                }
            }
        }
        return new Value(c, false);
    }

    private static String literal(Value v) {
        StringBuilder b = new StringBuilder("\\begin{pmatrix}");
        for (int i = 0; i < v.rows(); i++) {
            for (int j = 0; j < v.cols(); j++) {
                double x = v.cells()[i][j];
                b.append(j == 0 ? "" : " & ").append(Math.rint(x) == x && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x));
            }
            b.append(i == v.rows() - 1 ? "" : " \\\\ ");
        }
        return b.append("\\end{pmatrix}").toString();
    }
}
