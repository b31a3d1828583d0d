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
 * 1e-9), {@code percent} (12% vs 12 or 0.12), {@code tuple}/{@code interval}/{@code set}/{@code list} (element-wise,
 * sets and bare lists unordered, interval brackets must agree), {@code plus-minus} (a ± b as the set {a+b, a-b}),
 * {@code symbolic-equal} (expressions agree at 8 random points, see {@link NumericEquivalence}), {@code equation-equal} (lhs - rhs proportional),
 * {@code base-subscript} ({@code -221_3} vs {@code -221}: the same digits with or without the base),
 * {@code text-equal} (case- and space-insensitive text), otherwise {@code differs}.
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
    private static final Pattern RELATION = Pattern.compile("^([^<>!=]+)(<=|>=|!=|<|>)([^<>!=]+)$");
    private static final java.util.Map<String, String> FLIPPED = java.util.Map.of("<", ">", ">", "<", "<=", ">=", ">=", "<=");
    private static final Pattern BASE_SUBSCRIPT = Pattern.compile("^(-?[0-9A-Fa-f]+)_\\{?(\\d+|[a-z])}?$");
    private static final Pattern CHOICE = Pattern.compile("^\\(?([A-Ea-e])\\)?$");

    private final NumberReader numbers;

    AnswerComparator(String language) {
        this.numbers = new NumberReader(language);
    }

    Verdict compare(String answerRaw, String goldRaw) {
        LatexNormalizer.Normalized a = LatexNormalizer.normalize(answerRaw);
        LatexNormalizer.Normalized g = LatexNormalizer.normalize(goldRaw);
        String rule = compareNormalized(a.text(), g.text(), a.percent() || g.percent());
        return new Verdict(rule != null, rule == null ? "differs" : rule, canonical(a.text()), canonical(g.text()));
    }

    /** A canonical form for grouping equal answers (majority vote): numbers in plain decimal, else the text. */
    String canonical(String normalized) {
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
        String structured = compareStructured(a, g);
        if (structured != null) {
            return structured.isEmpty() ? null : structured;
        }
        String relation = relations(a, g);
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

    /** "" when the answers are both structured and differ, a rule when equal, null when not structured. */
    private String compareStructured(String a, String g) {
        a = matrixAsTuple(a);
        g = matrixAsTuple(g);
        if (g.contains("\\pm") || a.contains("\\pm")) {
            return sameElements(plusMinus(a), plusMinus(g), false) ? "plus-minus" : "";
        }
        if (g.contains("\\cup") || a.contains("\\cup")) {
            List<String> as = splitTopLevel(a, "\\cup");
            List<String> gs = splitTopLevel(g, "\\cup");
            if (as.size() != gs.size()) {
                return "";
            }
            for (int i = 0; i < as.size(); i++) {
                if (compareNormalized(as.get(i).strip(), gs.get(i).strip(), false) == null) {
                    return "";
                }
            }
            return "interval";
        }
        Matcher sa = SET.matcher(a);
        Matcher sg = SET.matcher(g);
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
            if (ab && al.size() == 1) {
                al = splitTopLevel(a.substring(1, a.length() - 1), ",");
            }
            if (gb && gl.size() == 1) {
                gl = splitTopLevel(g.substring(1, g.length() - 1), ",");
            }
            return sameElements(al, gl, false) ? "list" : "";
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

    /**
     * Inequalities: {@code x >= 5} equals {@code 5 <= x}. "" when both are relations and differ, null when
     * neither is one.
     */
    private String relations(String a, String g) {
        Matcher ra = RELATION.matcher(a);
        Matcher rg = RELATION.matcher(g);
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
        if (opA.equals(opG) && same(ra.group(1), rg.group(1)) && same(ra.group(3), rg.group(3))) {
            return "relation-equal";
        }
        if (opA.equals(FLIPPED.getOrDefault(opG, opG)) && !opA.equals("!=") && same(ra.group(1), rg.group(3)) && same(ra.group(3), rg.group(1))) {
            return "relation-equal";
        }
        if (opA.equals("!=") && opG.equals("!=") && same(ra.group(1), rg.group(3)) && same(ra.group(3), rg.group(1))) {
            return "relation-equal";
        }
        return "";
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
        return "(" + m.group(1).replace("\\\\", ",").replace("&", ",").replaceAll(",\\s*$", "") + ")";
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
