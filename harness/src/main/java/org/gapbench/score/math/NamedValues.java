package org.gapbench.score.math;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a normalized answer with the names it gives them. {@code x = 1, y = 2} is two values named x and y,
 * not "the value after the last =" (which accepted {@code x = 1, y = 2} for the gold 2); {@code AB = 4, CD = 5},
 * {@code f(x) = 1}, {@code |AB| = 5}, {@code \frac{NO}{BO} = \frac{1}{\sqrt6}} and {@code a_37 = 19} name their values
 * too. A computation ({@code 8 + 14 + 56 = 78}) is its result, and a one-variable inequality ({@code x \ge 2},
 * {@code -2 < x <= 3}, {@code -x > -1}) is the variable's interval ({@link Relations}).
 */
final class NamedValues {
    /**
     * One value of an answer.
     *
     * @param name     the canonical name ({@code f} for {@code f(x)}, {@code AB} for {@code \overline{AB}}), or null
     * @param value    the value, normalized
     * @param equation the element as written when it is an equation or relation to be compared whole, else null
     * @param interval whether the value is the interval of an inequality (several of one name are a union)
     */
    record Part(String name, String value, String equation, boolean interval) {
        static Part of(String value) {
            return new Part(null, value, null, false);
        }

        boolean named() {
            return name != null;
        }
    }

    private static final String LETTERS = "[A-Za-z]{1,8}(?:_\\w+)?'{0,2}";
    /** What may stand left of "=" as the name of a value rather than as one side of an equation. */
    private static final Pattern NAME = Pattern.compile("\\\\(?:overline|overrightarrow|vec|bar|hat|widehat)\\s*\\{(" + LETTERS + ")}"
            + "|(?:m\\s*)?\\\\(?:angle|measuredangle|triangle)\\s*(" + LETTERS + ")"
            + "|\\|\\s*(" + LETTERS + ")\\s*\\|"
            + "|\\\\frac\\{(" + LETTERS + ")}\\{(" + LETTERS + ")}|(" + LETTERS + ")\\s*:\\s*(" + LETTERS + ")"
            + "|(" + LETTERS + ")\\s*(?:\\([^()=,]{1,20}(?:,[^()=,]{1,20}){0,3}\\))?"
            + "|\\(\\s*(" + LETTERS + "(?:\\s*,\\s*" + LETTERS + ")+)\\s*\\)");
    private static final Pattern COLON_NAME = Pattern.compile("^([a-zA-Z])\\s*:\\s*([^:=]+)$");
    private static final Pattern IN = Pattern.compile("\\\\in(?![a-zA-Z])");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private NamedValues() {
    }

    /**
     * The parts of an answer, and whether reading them took more than splitting it at its commas (a name, a
     * computation, an equation, an inequality), so that it must be compared part by part.
     */
    record Parsed(List<Part> parts, boolean structured) {
    }

    /** The parts of {@code normalized}: one per top-level comma-separated element. */
    static Parsed parse(String normalized) {
        if (plain(normalized)) { // the common case, a number or an expression: nothing to read
            return new Parsed(List.of(Part.of(normalized)), false);
        }
        List<Part> out = new ArrayList<>();
        boolean structured = false;
        String inherited = null;
        for (String raw : AnswerComparator.splitTopLevel(normalized, ",")) {
            String element = raw.strip();
            if (element.isEmpty()) {
                continue;
            }
            Part p = part(element);
            if (p.named()) {
                inherited = p.interval() ? null : p.name();
            } else if (inherited != null && p.equation() == null) {
                p = new Part(inherited, p.value(), null, false); // "x = 1, 2": both values of x
            }
            structured |= p.named() || p.equation() != null || !p.value().equals(element);
            out.add(p);
        }
        if (out.size() == 1 && out.get(0).equation() != null && !out.get(0).named()) {
            structured = false; // one equation or inequality: compared whole, by the rules for them
        }
        return new Parsed(solutions(mergeIntervals(out)), structured);
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '=' || c == '<' || c == '>' || c == ':' || c == ',' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static Part part(String element) {
        Matcher in = IN.matcher(element);
        if (in.find()) {
            String name = name(element.substring(0, in.start()).strip());
            if (name != null) {
                return new Part(name, LatexNormalizer.value(element.substring(in.end()).strip()), null, false);
            }
        }
        if (Relations.isRelation(element)) {
            Part interval = Relations.asInterval(element);
            return interval != null ? interval : new Part(null, element, element, false);
        }
        int eq = element.indexOf('=');
        if (eq < 0) {
            Matcher colon = COLON_NAME.matcher(element);
            return colon.matches() ? new Part(colon.group(1), LatexNormalizer.value(colon.group(2).strip()), null, false) : Part.of(element);
        }
        String[] sides = element.split("=", -1);
        String last = sides[sides.length - 1].strip();
        if (last.isEmpty()) {
            return new Part(null, element, element, false);
        }
        String name = name(sides[0].strip());
        if (name != null) { // "x = 3", "x = 5+5+1 = 11": the last value of the chain is the value named
            return new Part(name, LatexNormalizer.value(last), sides.length == 2 ? element : null, false);
        }
        for (int i = 0; i < sides.length; i++) { // every side a constant: a computation, else an equation ("7 = 11a + c")
            MathExpression e = MathExpression.parse(LatexNormalizer.value(sides[i].strip()));
            if (e == null || !e.constant()) {
                return new Part(null, element, element, false); // an equation: "2x + 4y - 3 = 0"
            }
        }
        return Part.of(LatexNormalizer.value(last)); // a computation, "7 * 7 * 4 = 196": its result
    }

    /** The canonical name {@code lhs} gives a value, or null when it is an expression, not a name. */
    static String name(String lhs) {
        Matcher m = NAME.matcher(lhs);
        if (!m.matches()) {
            return null;
        }
        if (m.group(3) != null) {
            return "|" + m.group(3) + "|";
        }
        if (m.group(4) != null) {
            return m.group(4) + "/" + m.group(5);
        }
        if (m.group(6) != null) {
            return m.group(6) + ":" + m.group(7); // a ratio, "V_1:V_2 = 11:21"
        }
        if (m.group(9) != null) {
            return "(" + SPACES.matcher(m.group(9)).replaceAll("") + ")";
        }
        for (int g = 1; g <= 8; g++) {
            if (m.group(g) != null) {
                return m.group(g); // f(x) and f(n) are one function: the argument is a dummy
            }
        }
        return null;
    }

    /** "x < -1 or x > 1" is one value of x: the union of its intervals. */
    private static List<Part> mergeIntervals(List<Part> parts) {
        if (parts.size() < 2 || !parts.stream().allMatch(Part::interval) || parts.stream().map(Part::name).distinct().count() != 1) {
            return parts;
        }
        StringBuilder union = new StringBuilder();
        for (Part p : parts) {
            union.append(union.length() == 0 ? "" : " \\cup ").append(p.value());
        }
        return List.of(new Part(parts.get(0).name(), union.toString(), null, true));
    }

    /**
     * {@code p = 5, q = 2, p = 7, q = 2} (or with semicolons between the solutions): the same names again and again are
     * several solutions, the tuples {@code (5, 2), (7, 2)} in the names' order.
     */
    private static List<Part> solutions(List<Part> parts) {
        List<String> names = new ArrayList<>();
        for (Part p : parts) {
            if (!p.named() || p.interval() || names.contains(p.name())) {
                break;
            }
            names.add(p.name());
        }
        int period = names.size();
        if (period < 2 || period == parts.size() || parts.size() % period != 0) {
            return parts;
        }
        List<Part> tuples = new ArrayList<>();
        for (int start = 0; start < parts.size(); start += period) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < period; i++) {
                Part p = parts.get(start + i);
                if (!p.named() || !p.name().equals(parts.get(i).name())) {
                    return parts;
                }
                values.add(p.value());
            }
            tuples.add(Part.of("(" + String.join(", ", values) + ")"));
        }
        return tuples;
    }
}
