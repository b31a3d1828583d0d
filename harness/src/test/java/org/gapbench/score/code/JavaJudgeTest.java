package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.sandbox.Sandbox;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.junit.jupiter.api.Test;

/**
 * The Java judge box and the candidate box through the real sandbox, on items made for the purpose: the values an
 * honest answer returns cross the channel faithfully (every width, NaN and -0.0, chars and lone surrogates, nested
 * collections, maps in their order, Optional, arrays, BigInteger, exceptions thrown on purpose, instance state, prints),
 * the prompt's helpers stay the judge's, and what is not plain data does not cross.
 */
class JavaJudgeTest {
    private static final String PROMPT = """
            import java.util.*;
            import java.math.*;

            class Solution {
                public int helper(int x) {
                    return x + 1;
                }
                public Object echo(Object x, String kind) {
            """;

    private static final String BODY = """
                    switch (kind) {
                        case "same": return x;
                        case "nan": return Double.NaN;
                        case "negzero": return -0.0;
                        case "tiny": return Double.MIN_VALUE;
                        case "long": return Long.MIN_VALUE;
                        case "int": return Integer.MIN_VALUE;
                        case "char": return '\\u00e9';
                        case "surrogate": return "a\\ud800b\\ud83d\\ude00\\n\\"q\\"";
                        case "nested": return List.of(List.of(1, 2), new ArrayList<>(List.of(3)));
                        case "map": Map<String, Integer> m = new HashMap<>(); m.put("b", 2); m.put("a", 1); return m;
                        case "tree": return new TreeMap<>(Map.of("z", 1, "a", 2));
                        case "set": return new TreeSet<>(List.of("y", "x"));
                        case "optional": return Optional.of(2.5);
                        case "empty": return Optional.empty();
                        case "ints": return new int[] {1, 2, 3};
                        case "grid": return new int[][] {{1}, {2, 3}};
                        case "strings": return new String[] {"a", null};
                        case "big": return new BigInteger("-123456789012345678901234567890");
                        case "decimal": return new BigDecimal("1.10");
                        case "null": return null;
                        case "count": return ++calls;
                        case "throw": throw new IllegalArgumentException("negative: " + x);
                        case "helper": return helper(100);
                        case "print": System.out.println("=passed"); System.out.println("loud"); return "printed";
                        case "own-object": return new Object() { @Override public boolean equals(Object o) { return true; } };
                        default: return "unknown";
                    }
                }
                private int calls;
                public int helperOfTheCandidate(int x) {
                    return -x;
                }
            }
            """;

    private static final String TEST = """
            public class Main {
                static void check(boolean ok, Object what) {
                    if (!ok) {
                        throw new AssertionError(String.valueOf(what));
                    }
                }
                public static void main(String[] args) {
                    Solution s = new Solution();
                    Object[] values = {null, true, 7, -7L, (short) 3, (byte) -2, 'c', 1.5, 2.5f, "text", Integer.MAX_VALUE, Long.MAX_VALUE,
                            List.of(1, List.of("a")), Map.of("k", List.of(1)), Set.of(1), Optional.of("o"), Optional.empty(),
                            Arrays.asList(3, 'c', 2.0, null), new BigInteger("99999999999999999999"), new BigDecimal("-0.5")};
                    for (Object v : values) {
                        Object r = s.echo(v, "same");
                        check(Objects.equals(v, r), v + " came back as " + r);
                        check(v == null || v instanceof Collection || v instanceof Map || v.getClass() == r.getClass(), v + ": " + (r == null ? null : r.getClass()));
                    }
                    check(Arrays.equals((int[]) s.echo(new int[] {4, 5}, "same"), new int[] {4, 5}), "int[]");
                    check(Arrays.deepEquals((Object[]) s.echo(new String[][] {{"a"}, {}}, "same"), new String[][] {{"a"}, {}}), "String[][]");
                    check(Double.isNaN((Double) s.echo(null, "nan")), "nan");
                    check(1 / (double) s.echo(null, "negzero") == Double.NEGATIVE_INFINITY, "-0.0");
                    check((double) s.echo(null, "tiny") == Double.MIN_VALUE, "tiny");
                    check((long) s.echo(null, "long") == Long.MIN_VALUE, "long");
                    check((int) s.echo(null, "int") == Integer.MIN_VALUE, "int");
                    check((char) s.echo(null, "char") == '\\u00e9', "char");
                    check("a\\ud800b\\ud83d\\ude00\\n\\"q\\"".equals(s.echo(null, "surrogate")), "surrogate");
                    check(s.echo(null, "nested").equals(List.of(List.of(1, 2), List.of(3))), "nested");
                    check(s.echo(null, "map").equals(Map.of("a", 1, "b", 2)), "map");
                    check(s.echo(null, "tree").toString().equals("{a=2, z=1}"), "a map keeps its order: " + s.echo(null, "tree"));
                    check(s.echo(null, "set").toString().equals("[x, y]"), "a set keeps its order");
                    check(s.echo(null, "optional").equals(Optional.of(2.5)), "optional");
                    check(((Optional<?>) s.echo(null, "empty")).isEmpty(), "empty");
                    check(Arrays.equals((int[]) s.echo(null, "ints"), new int[] {1, 2, 3}), "ints");
                    check(Arrays.deepEquals((int[][]) s.echo(null, "grid"), new int[][] {{1}, {2, 3}}), "grid");
                    check(Arrays.equals((String[]) s.echo(null, "strings"), new String[] {"a", null}), "strings");
                    check(s.echo(null, "big").equals(new BigInteger("-123456789012345678901234567890")), "big");
                    check(s.echo(null, "decimal").toString().equals("1.10"), "decimal");
                    check(s.echo(null, "null") == null, "null");
                    // the test compares strings with ==, as HumanEval-X Java/137 does: literals and answers are interned
                    check(s.echo("6", "same") == "6", "interned");
                    try {
                        s.echo(-1, "throw");
                        check(false, "no exception");
                    } catch (IllegalArgumentException e) {
                        check(e.getMessage().contains("negative: -1"), e.getMessage());
                    }
                    Solution t = new Solution();
                    check((int) s.echo(null, "count") == 1 && (int) s.echo(null, "count") == 2 && (int) t.echo(null, "count") == 1, "instances");
                    check(s.helper(1) == 2, "the prompt's helper, in the judge");
                    check((int) s.echo(null, "helper") == 101, "the candidate's own call of the helper");
                    check("printed".equals(s.echo(null, "print")), "print");
                    boolean crossed;
                    try {
                        crossed = s.echo(null, "own-object").equals("anything");
                    } catch (AssertionError e) {
                        crossed = false;
                        System.out.println("as expected: " + e.getMessage());
                    }
                    check(!crossed, "a candidate's object crossed");
                }
            }
            """;

    private static CodeTestScorer scorer() {
        return new CodeTestScorer(new JavaHarness("prompt", "entry_point", "{{test}}"), Sandbox.create(false, 2),
                new CodeTestScorer.Options("prompt", "entry_point", null, "{{test}}", "{{prompt}}{{body}}", 10, 5, 30), null);
    }

    private static Item item(String body) {
        return new Item("java-channel", Map.of("prompt", PROMPT, "body", body, "test", TEST, "entry_point", "echo"));
    }

    @Test
    void honestValuesCrossFaithfully() {
        Score s = scorer().score(item(BODY), new ModelOutput("```java\n" + PROMPT + BODY + "```\n", null));
        assertEquals("passed", s.rule(), () -> String.valueOf(s.details()));
        assertTrue(String.valueOf(s.details().get("stderr_tail")).contains("as expected: the candidate's echo returned something that is not a plain value"),
                () -> String.valueOf(s.details()));
        assertTrue(String.valueOf(s.details().get("candidate_stderr_tail")).contains("loud"), "the candidate's prints are its own stderr");
    }

    @Test
    void theJudgeBoxHoldsTheTestsAndTheCandidateBoxDoesNot() {
        JavaHarness h = new JavaHarness("prompt", "entry_point", "{{test}}");
        TestHarness.Prepared p = h.prepare(item(BODY), PROMPT + BODY, h.limits(java.time.Duration.ofSeconds(5)));
        assertTrue(p.job().files().containsKey("Main.class") && p.job().files().containsKey("Solution.class"));
        assertFalse(p.candidate().files().keySet().stream().anyMatch(f -> f.startsWith("Main")), () -> p.candidate().files().keySet().toString());
        String judged = new String(p.job().files().get("Solution.class"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(judged.contains("helperOfTheCandidate"), "the judge's Solution is the prompt's, not the answer's");
        assertEquals(List.of(), p.candidate().files().values().stream()
                .map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).filter(t -> t.contains("interned")).toList());
    }

    @Test
    void aWrongAnswerAndAMissingMethodAreTheOldOutcomes() {
        String wrong = BODY.replace("case \"same\": return x;", "case \"same\": return \"x\";");
        assertEquals("assertion-failed", scorer().score(item(BODY), new ModelOutput("```java\n" + PROMPT + wrong + "```\n", null)).rule());
        String renamed = (PROMPT + BODY).replace("public Object echo(", "public Object echo2(");
        assertEquals("compile-error", scorer().score(item(BODY), new ModelOutput("```java\n" + renamed + "```\n", null)).rule());
    }
    // ---- a candidate that writes its own replies on the channel: the judge reads them strictly

    private static final String OK_PROMPT = "import java.util.*;\n\nclass Solution {\n    public boolean ok(int x) {\n";
    private static final String OK_TEST = """
            public class Main {
                public static void main(String[] args) {
                    Solution s = new Solution();
                    for (int i = 0; i < 3; i++) {
                        if (!s.ok(i)) {
                            throw new AssertionError(i);
                        }
                    }
                }
            }
            """;

    /** The candidate's body: write {@code line} on the channel itself (call 2 is the first ok(0)), then halt. */
    private static String writes(String line) {
        return "        try {\n"
                + "            java.io.FileOutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);\n"
                + "            raw.write((" + line + " + \"\\n\").getBytes());\n"
                + "            raw.flush();\n"
                + "        } catch (java.io.IOException e) {\n"
                + "            throw new RuntimeException(e);\n"
                + "        }\n"
                + "        Runtime.getRuntime().halt(0);\n"
                + "        return true;\n    }\n}\n";
    }

    @Test
    void repliesTheCandidateWritesItselfAreReadStrictly() {
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("the judge's own error as the exception", writes("\"[2,\\\"exc\\\",\\\"GapbenchJudge$Ended\\\",\\\"passed\\\"]\""));
        bodies.put("a reply to another call", writes("\"[99,\\\"ok\\\",[\\\"b\\\",true]]\""));
        bodies.put("a string for a boolean", writes("\"[2,\\\"ok\\\",[\\\"b\\\",\\\"true\\\"]]\""));
        bodies.put("an unknown tag", writes("\"[2,\\\"ok\\\",[\\\"B\\\",true]]\""));
        bodies.put("nested 5000 deep", writes("\"[2,\\\"ok\\\",\" + \"[\\\"l\\\",[\".repeat(5000) + \"]]\".repeat(5000) + \"]\""));
        bodies.put("an int out of range", writes("\"[2,\\\"ok\\\",[\\\"i\\\",\\\"0x100000000\\\"]]\""));
        bodies.put("JSON with an object", writes("\"{\\\"passed\\\": true}\""));
        Map<String, java.util.Set<String>> expected = Map.of("the judge's own error as the exception", java.util.Set.of("runtime-error"));
        CodeTestScorer scorer = new CodeTestScorer(new JavaHarness("prompt", "entry_point", "{{test}}"), Sandbox.create(false, 2),
                new CodeTestScorer.Options("prompt", "entry_point", null, "{{test}}", "{{prompt}}{{body}}", 10, 5, 30), null);
        Item item = new Item("java-protocol", Map.of("prompt", OK_PROMPT, "body", "        return true;\n    }\n}\n", "test", OK_TEST,
                "entry_point", "ok"));
        StringBuilder wrong = new StringBuilder();
        bodies.entrySet().parallelStream().map(e -> {
            Score s = scorer.score(item, new ModelOutput("```java\n" + OK_PROMPT + e.getValue() + "```\n", null));
            boolean fine = expected.getOrDefault(e.getKey(), java.util.Set.of("tampering")).contains(s.rule()) && s.value() == 0;
            return fine ? "" : e.getKey() + " scored " + s.rule() + ": " + s.details() + "\n";
        }).forEachOrdered(wrong::append);
        assertEquals("", wrong.toString());
        assertEquals("passed", scorer.score(item, new ModelOutput("```java\n" + OK_PROMPT + "        return true;\n    }\n}\n```\n", null)).rule());
    }
    /** An answer that declares other numeric types than the prompt, and compiles against the tests, still passes. */
    @Test
    void anAnswerWithOtherNumericWidthsStillPasses() {
        String prompt = "import java.util.*;\n\nclass Solution {\n    public int factorial(int n) {\n";
        String test = "public class Main {\n    public static void main(String[] args) {\n        Solution s = new Solution();\n"
                + "        if (s.factorial(5) != 120 || s.factorial(0) != 1 || s.factorial(12) != 479001600) {\n"
                + "            throw new AssertionError();\n        }\n    }\n}\n";
        Item item = new Item("java-widths", Map.of("prompt", prompt, "body", "        return n <= 1 ? 1 : n * factorial(n - 1);\n    }\n}\n",
                "test", test, "entry_point", "factorial"));
        String wider = "class Solution {\n    public long factorial(double n) {\n        long r = 1;\n"
                + "        for (int i = 2; i <= n; i++) {\n            r *= i;\n        }\n        return r;\n    }\n}\n";
        assertEquals("passed", scorer().score(item, new ModelOutput("```java\n" + wider + "```\n", null)).rule());
        String tooWide = wider.replace("return r;", "return r + (1L << 40);");
        assertEquals("runtime-error", scorer().score(item, new ModelOutput("```java\n" + tooWide + "```\n", null)).rule());
    }
}
