package org.gapbench.score.math;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether an extracted answer equals the gold answer, and says by which rule. Rules, tried in order:
 * {@code string-equal} (identical after normalization), {@code numeric-equal} (both numbers, equal within a relative
 * 1e-9), {@code percent} (12% vs 12 or 0.12), {@code base-subscript} ({@code -221_3} vs {@code -221}),
 * {@code named-values} / {@code list} (answers that name their values, {@link NamedValues}: by name when both sides
 * name them, else in order; a partial answer is never equal), {@code matrix} (matrix arithmetic evaluated,
 * {@link MatrixArithmetic}), {@code plus-minus}, {@code interval}, {@code set}, {@code tuple}, {@code list} (element-wise;
 * sets, unions and bare lists unordered; a bare list against a tuple in order; interval brackets must agree),
 * {@code relation-equal} ({@link Relations}), {@code equation-equal} (lhs - rhs proportional), {@code symbolic-equal}
 * (expressions agree at the random points of {@link NumericEquivalence}), {@code choice-equal}, {@code text-equal},
 * otherwise {@code differs}.
 */
final class AnswerComparator {
    /** The verdict with the normalized forms that were compared. */
    record Verdict(boolean equal, String rule, String answer, String gold) {
    }

    private static final double NUMERIC_TOLERANCE = 1e-9;
    private static final Pattern PMATRIX = Pattern.compile(
            "^(?:\\\\left)?\\[?\\s*\\\\begin\\{(?:[pbvB]?matrix|array)}(?:\\{[lcr|]*})?(.*?)(?:\\\\\\\\\\s*)?\\\\end\\{(?:[pbvB]?matrix|array)}\\s*(?:\\\\right)?]?$");
    private static final Pattern SET = Pattern.compile("^\\\\\\{(.*)\\\\}$");
    private static final Pattern TEXTISH = Pattern.compile("[\\s{}\\\\()]|text");
    private static final Pattern BASE_SUBSCRIPT = Pattern.compile("^(-?[0-9A-Fa-f]+)_\\{?(\\d+|[a-z])}?$");
    private static final Pattern CHOICE = Pattern.compile("^\\(?([A-Ea-e])\\)?$");
    /** {@code 3{,}14}: a decimal comma set for TeX (thousands would be exactly three digits after it). */
    private static final Pattern BRACED_DECIMAL_COMMA = Pattern.compile("\\d\\{\\s*,\\s*}(\\d{1,2}|\\d{4,})(?!\\d)");

    private final NumberReader numbers;
    private final boolean numberKind;

    /**
     * @param language   the suite's language (its number format)
     * @param numberKind whether the gold is one number (then a gold {@code 2,5} can only be a decimal comma)
     */
    AnswerComparator(String language, boolean numberKind) {
        this.numbers = new NumberReader(language);
        this.numberKind = numberKind;
    }

    Verdict compare(String answerRaw, String goldRaw) {
        LatexNormalizer.Normalized a = LatexNormalizer.normalize(answerRaw);
        LatexNormalizer.Normalized g = LatexNormalizer.normalize(goldRaw);
        String at = a.text();
        String gt = g.text();
        if (!numbers.commaDecimal() && goldSaysDecimalComma(goldRaw, gt)) {
            at = NumberReader.withDecimalPoints(at); // the gold writes 2{,}5: then so may the answer
            gt = NumberReader.withDecimalPoints(gt);
        }
        String rule = compareNormalized(at, gt, a.percent() || g.percent());
        return new Verdict(rule != null, rule == null ? "differs" : rule, canonical(at), canonical(gt));
    }

    /**
     * Outside comma-decimal languages a comma between digits separates values, unless the gold itself says it is a
     * decimal comma: {@code 3{,}14} anywhere, or (when the gold is one number) a gold like {@code 2,5}.
     */
    private boolean goldSaysDecimalComma(String goldRaw, String gold) {
        return BRACED_DECIMAL_COMMA.matcher(goldRaw).find() || numberKind && NumberReader.unambiguousCommaDecimal(gold);
    }

    /** A canonical form for grouping equal answers (majority vote): numbers in plain decimal, else the text. */
    String canonical(String normalized) {
        List<NamedValues.Part> parts = NamedValues.parse(normalized).parts();
        if (parts.size() == 1 && parts.get(0).named() && !parts.get(0).interval()) {
            normalized = parts.get(0).value(); // "x = 3" and "3" are one answer in a vote
        }
        BigDecimal n = numbers.read(normalized);
        if (n != null) {
            return n.stripTrailingZeros().toPlainString();
        }
        MathExpression e = MathExpression.parse(normalized);
        if (e != null && e.constant()) {
            double v = NumericEquivalence.valueOf(e);
            if (Double.isFinite(v)) {
                return new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toPlainString();
            }
        }
        return normalized;
    }

    /** The rule by which {@code a} equals {@code g}, or null. */
    private String compareNormalized(String a, String g, boolean percent) {
        if (a.equals(g)) {
            return "string-equal";
        }
        if (a.isEmpty() || g.isEmpty()) {
            return null;
        }
        Double av = value(a);
        Double gv = value(g);
        if (av != null && gv != null) {
            if (NumericEquivalence.close(av, gv, NUMERIC_TOLERANCE)) {
                return "numeric-equal";
            }
            if (percent && (NumericEquivalence.close(av / 100, gv, NUMERIC_TOLERANCE) || NumericEquivalence.close(av, gv / 100, NUMERIC_TOLERANCE))) {
                return "percent";
            }
            return null;
        }
        Matcher ab = BASE_SUBSCRIPT.matcher(a);
        Matcher gb = BASE_SUBSCRIPT.matcher(g);
        if (ab.matches() != gb.matches() && (ab.matches() ? ab.group(1) : a).equals(gb.matches() ? gb.group(1) : g)) {
            return "base-subscript"; // -221_3 vs -221 for "answer in base 3": same digits, the base only restated
        }
        NamedValues.Parsed ap = NamedValues.parse(a);
        NamedValues.Parsed gp = NamedValues.parse(g);
        if (ap.structured() || gp.structured()) {
            return compareParts(ap.parts(), gp.parts(), percent);
        }
        String am = MatrixArithmetic.evaluate(a);
        String gm = MatrixArithmetic.evaluate(g);
        if (!am.equals(a) || !gm.equals(g)) {
            return compareNormalized(am, gm, false) != null ? "matrix" : null;
        }
        String structured = compareStructured(a, g);
        if (structured != null) {
            return structured.isEmpty() ? null : structured;
        }
        String relation = Relations.compare(a, g, this::same);
        if (relation != null) {
            return relation.isEmpty() ? null : relation;
        }
        if (a.contains("=") && g.contains("=")) {
            return NumericEquivalence.equations(a, g) ? "equation-equal" : null;
        }
        MathExpression ae = MathExpression.parse(a);
        MathExpression ge = MathExpression.parse(g);
        if (ae != null && ge != null && !(ae.constant() && ge.constant()) && NumericEquivalence.sameEverywhere(ae, ge)) {
            return "symbolic-equal";
        }
        if (ae != null && ge != null) {
            return null;
        }
        Matcher ac = CHOICE.matcher(a);
        Matcher gc = CHOICE.matcher(g);
        if (ac.matches() && gc.matches()) {
            return ac.group(1).equalsIgnoreCase(gc.group(1)) ? "choice-equal" : null;
        }
        String at = TEXTISH.matcher(a.toLowerCase()).replaceAll("");
        String gt = TEXTISH.matcher(g.toLowerCase()).replaceAll("");
        return !gt.isEmpty() && at.equals(gt) ? "text-equal" : null;
    }

    /**
     * Answers whose values are named, computed or inequalities: every value must match, so a partial answer (or one
     * with a value too many) is never equal. Values are matched by name when both sides name them all; when only one
     * side names distinct variables, in its order; when names repeat ({@code x = 2 or x = 3}) or are absent, as a
     * multiset. Equations are compared whole ({@code y = -x/2 + 3/4} against {@code 2x + 4y - 3 = 0}).
     */
    private String compareParts(List<NamedValues.Part> ap, List<NamedValues.Part> gp, boolean percent) {
        boolean tuple = false;
        if (ap.size() == 1 && gp.size() > 1 && isTuple(ap.get(0))) { // "(1, 2)" against "x = 1, y = 2"
            ap = elements(ap.get(0));
            tuple = true;
        } else if (gp.size() == 1 && ap.size() > 1 && isTuple(gp.get(0))) {
            gp = elements(gp.get(0));
            tuple = true;
        }
        if (ap.size() != gp.size()) {
            return null;
        }
        if (ap.size() == 1) {
            NamedValues.Part x = ap.get(0);
            NamedValues.Part y = gp.get(0);
            if (x.equation() != null && y.equation() != null && NumericEquivalence.equations(x.equation(), y.equation())) {
                return "equation-equal";
            }
            if (x.named() && y.named() && !x.name().equals(y.name())) {
                return null; // the values of different variables
            }
            if (!x.named() && x.equation() != null || !y.named() && y.equation() != null) {
                return null; // an equation is equal only to an equation, compared above
            }
            return compareNormalized(x.value(), y.value(), percent) != null ? (x.named() || y.named() ? "named-values" : "computed") : null;
        }
        boolean allNamedA = ap.stream().allMatch(NamedValues.Part::named);
        boolean allNamedG = gp.stream().allMatch(NamedValues.Part::named);
        boolean distinctA = distinctNames(ap);
        boolean distinctG = distinctNames(gp);
        if (allNamedA && allNamedG) {
            if (distinctA && distinctG) {
                for (NamedValues.Part x : ap) {
                    NamedValues.Part y = gp.stream().filter(p -> p.name().equals(x.name())).findFirst().orElse(null);
                    if (y == null || compareNormalized(x.value(), y.value(), false) == null) {
                        return null;
                    }
                }
                return "named-values";
            }
            if (!ap.get(0).name().equals(gp.get(0).name()) || distinctA || distinctG) {
                return null; // values of other variables, or solutions against a point
            }
            return sameElements(values(ap), values(gp), false) ? "named-values" : null;
        }
        boolean ordered = tuple || allNamedA && distinctA || allNamedG && distinctG; // "a_37 = 19, a_3 = 2" against "19, 2"
        return sameElements(values(ap), values(gp), ordered) ? "list" : null;
    }

    private static boolean isTuple(NamedValues.Part p) {
        String v = p.value();
        return !p.named() && p.equation() == null && v.startsWith("(") && v.endsWith(")") && bracketed(v)
                && splitTopLevel(v.substring(1, v.length() - 1), ",").size() > 1;
    }

    private static List<NamedValues.Part> elements(NamedValues.Part tuple) {
        String v = tuple.value();
        return splitTopLevel(v.substring(1, v.length() - 1), ",").stream().map(e -> NamedValues.Part.of(e.strip())).toList();
    }

    private static boolean distinctNames(List<NamedValues.Part> parts) {
        return parts.stream().map(NamedValues.Part::name).filter(java.util.Objects::nonNull).distinct().count()
                == parts.stream().filter(NamedValues.Part::named).count() && parts.stream().filter(NamedValues.Part::named).count() > 1;
    }

    private static List<String> values(List<NamedValues.Part> parts) {
        return parts.stream().map(p -> p.equation() != null && !p.named() ? p.equation() : p.value()).toList();
    }

    /** "" when the answers are both structured and differ, a rule when equal, null when not structured. */
    private String compareStructured(String a, String g) {
        a = matrixAsTuple(a);
        g = matrixAsTuple(g);
        Matcher sa = SET.matcher(a);
        Matcher sg = SET.matcher(g);
        if (g.contains("\\pm") || a.contains("\\pm")) { // \pm 2021 against \{-2021, 2021\}
            return sameElements(plusMinus(sa.matches() ? sa.group(1) : a), plusMinus(sg.matches() ? sg.group(1) : g), false) ? "plus-minus" : "";
        }
        if (g.contains("\\cup") || a.contains("\\cup")) { // a union is the same in any order
            return sameElements(splitTopLevel(a, "\\cup"), splitTopLevel(g, "\\cup"), false) ? "interval" : "";
        }
        if (sa.matches() || sg.matches()) {
            String ai = sa.matches() ? sa.group(1) : a;
            String gi = sg.matches() ? sg.group(1) : g;
            return sameElements(splitTopLevel(ai, ","), splitTopLevel(gi, ","), false) ? "set" : "";
        }
        boolean ab = bracketed(a);
        boolean gb = bracketed(g);
        if (ab && gb) {
            List<String> ae = splitTopLevel(a.substring(1, a.length() - 1), ",");
            List<String> ge = splitTopLevel(g.substring(1, g.length() - 1), ",");
            if (ae.size() < 2 && ge.size() < 2) {
                return null; // just parentheses around one value
            }
            boolean interval = a.charAt(0) == '[' || g.charAt(0) == '[' || a.endsWith("]") || g.endsWith("]");
            if (interval && (a.charAt(0) != g.charAt(0) || a.charAt(a.length() - 1) != g.charAt(g.length() - 1))) {
                return "";
            }
            return sameElements(ae, ge, true) ? (interval ? "interval" : "tuple") : "";
        }
        List<String> al = splitTopLevel(a, ",");
        List<String> gl = splitTopLevel(g, ",");
        if (al.size() > 1 || gl.size() > 1) {
            boolean tuple = false;
            if (ab && al.size() == 1) {
                if (a.charAt(0) != '(' || a.charAt(a.length() - 1) != ')') {
                    return ""; // an interval is not a list of its ends
                }
                al = splitTopLevel(a.substring(1, a.length() - 1), ",");
                tuple = true;
            }
            if (gb && gl.size() == 1) {
                if (g.charAt(0) != '(' || g.charAt(g.length() - 1) != ')') {
                    return "";
                }
                gl = splitTopLevel(g.substring(1, g.length() - 1), ",");
                tuple = true;
            }
            return sameElements(al, gl, tuple) ? (tuple ? "tuple" : "list") : ""; // "2, 9" for the point (2, 9): in order
        }
        return null;
    }

    private boolean sameElements(List<String> a, List<String> g, boolean ordered) {
        if (a.size() != g.size()) {
            return false;
        }
        if (ordered) {
            for (int i = 0; i < a.size(); i++) {
                if (compareNormalized(a.get(i).strip(), g.get(i).strip(), false) == null) {
                    return false;
                }
            }
            return true;
        }
        List<String> left = new ArrayList<>(g);
        outer:
        for (String x : a) {
            for (int i = 0; i < left.size(); i++) {
                if (compareNormalized(x.strip(), left.get(i).strip(), false) != null) {
                    left.remove(i);
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    private Double value(String s) {
        BigDecimal n = numbers.read(s);
        if (n != null) {
            return n.doubleValue();
        }
        MathExpression e = MathExpression.parse(s);
        if (e != null && e.constant()) {
            double v = NumericEquivalence.valueOf(e);
            return Double.isNaN(v) ? null : v;
        }
        return null;
    }

    private boolean same(String x, String y) {
        return compareNormalized(x.strip(), y.strip(), false) != null;
    }

    private static List<String> plusMinus(String s) {
        List<String> out = new ArrayList<>();
        for (String part : splitTopLevel(s, ",")) {
            if (part.contains("\\pm")) {
                out.add(part.replaceFirst("\\\\pm", "+"));
                out.add(part.replaceFirst("\\\\pm", "-"));
            } else {
                out.add(part);
            }
        }
        return out;
    }

    private static boolean bracketed(String s) {
        if (s.length() < 2 || "([".indexOf(s.charAt(0)) < 0 || ")]".indexOf(s.charAt(s.length() - 1)) < 0) {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            depth += "([{".indexOf(c) >= 0 ? 1 : ")]}".indexOf(c) >= 0 ? -1 : 0;
            if (depth == 0) {
                return false; // "(a)(b)": the first bracket closes before the end
            }
        }
        return true;
    }

    private static String matrixAsTuple(String s) {
        Matcher m = PMATRIX.matcher(s);
        if (!m.matches()) {
            return s;
        }
        List<String> rows = new ArrayList<>();
        for (String row : m.group(1).split("\\\\\\\\")) {
            if (!row.isBlank()) {
                rows.add(row.replace("&", ",").strip());
            }
        }
        boolean vector = rows.size() == 1 || rows.stream().noneMatch(r -> r.contains(","));
        // a row or a column is a tuple of its entries; a matrix a tuple of rows (2×2 is not a 4-vector)
        return vector ? "(" + String.join(",", rows) + ")" : "((" + String.join("),(", rows) + "))";
    }

    /** Splits on {@code sep} outside any brackets or braces. */
    static List<String> splitTopLevel(String s, String sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            } else if (depth == 0 && s.startsWith(sep, i)) {
                out.add(s.substring(start, i));
                start = i + sep.length();
                i = start - 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

}
