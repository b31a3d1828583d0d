package org.gapbench.score.code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.sandbox.Job;
import org.gapbench.sandbox.Limits;
import org.gapbench.sandbox.SandboxException;
import org.gapbench.suite.PromptTemplate;

/**
 * Java tests in the HumanEval-X layout, run so that the judgement never shares a JVM with the model's code
 * (docs/sandbox.md, threat model). The candidate's {@code class Solution} is compiled in process together with the
 * item's test class {@code Main} (so that an answer that does not fit the tests is a compile error, as before; javac
 * runs no code), but only the candidate's classes and a small server ({@code GapbenchCandidate}) go into the
 * candidate box: the test's classes stay out. The judge box runs the test class {@code Main} against a stub
 * {@code Solution} made from the prompt (its helpers are the prompt's own, and the entry point forwards each call
 * across the channel {@link org.gapbench.sandbox.Sandbox#runPair} relays, with plain values only,
 * {@code GapbenchCodec}); the verdict is the judge's exit status and last line ({@link Verdict#ofPair}).
 */
final class JavaHarness implements TestHarness {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Heap well under the address-space limit: the JVM reserves several times its heap in virtual memory. */
    private static final List<String> JVM_FLAGS = List.of("-ea", "-Xmx256m", "-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-Xshare:auto", "-cp", Job.BOX);
    private static final long ADDRESS_SPACE = 4096 * Limits.MIB;
    private static final String CODEC = resource("GapbenchCodec.java");
    private static final String CANDIDATE_SERVER = resource("GapbenchCandidate.java");
    private static final String JUDGE = resource("GapbenchJudge.java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+[\\w.*\\s]+;");
    private static final Pattern SOLUTION_CLASS = Pattern.compile("\\bclass\\s+Solution\\b");

    private final String promptField;
    private final String entryPointField;
    private final String tests;
    /** The judge's classes of each item (they do not depend on the answer): prompt and tests to class files. */
    private final Map<List<String>, Map<String, byte[]>> judges = new ConcurrentHashMap<>();

    JavaHarness(String promptField, String entryPointField, String tests) {
        this.promptField = promptField;
        this.entryPointField = entryPointField;
        this.tests = tests;
    }

    @Override
    public CodeLanguage language() {
        return CodeLanguage.JAVA;
    }

    @Override
    public Limits limits(Duration wall) {
        return Limits.standard(wall).withMemory(ADDRESS_SPACE);
    }

    @Override
    public Prepared prepare(Item item, String code, Limits limits) {
        String prompt = item.text(promptField);
        String entryPoint = entryPointField == null ? null : item.text(entryPointField);
        String testCode = PromptTemplate.renderText(tests, item);
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Main.java", solution(prompt, code, entryPoint) + "\n\n" + testCode + "\n");
        JavaCompiler.Result compiled = JavaCompiler.compile(sources);
        if (!compiled.ok()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("compiler", compiled.errors());
            return Prepared.judged(new Verdict(Outcome.COMPILE_ERROR, d));
        }
        // the test class was compiled only to check that the answer fits it: it does not enter the candidate's box
        Map<String, byte[]> candidateClasses = new LinkedHashMap<>(compiled.classes());
        candidateClasses.keySet().removeIf(name -> name.equals("Main.class") || name.startsWith("Main$"));
        candidateClasses.putAll(Server.CLASSES);
        Map<String, byte[]> judgeClasses = judges.computeIfAbsent(List.of(prompt, testCode, String.valueOf(entryPoint)),
                k -> judgeClasses(item.id(), prompt, testCode, entryPoint));
        Job candidate = new Job(candidateClasses, command("GapbenchCandidate"), "", limits);
        Job judge = new Job(judgeClasses, command("GapbenchJudge"), "", limits);
        return new Prepared(judge, candidate, null);
    }

    /** The candidate box's server and codec, compiled once: they refer to the candidate's Solution only by reflection. */
    private static final class Server {
        static final Map<String, byte[]> CLASSES = compileServer();

        private static Map<String, byte[]> compileServer() {
            JavaCompiler.Result r = JavaCompiler.compile(Map.of("GapbenchCodec.java", CODEC, "GapbenchCandidate.java", CANDIDATE_SERVER));
            if (!r.ok()) {
                throw new IllegalStateException("the candidate server does not compile: " + r.errors());
            }
            return Map.copyOf(r.classes());
        }
    }

    /** The judge box's driver and codec, compiled once; each item's stub Solution (which calls the driver) compiles against them. */
    private static final class Driver {
        static final Map<String, byte[]> CLASSES = compileDriver();

        private static Map<String, byte[]> compileDriver() {
            JavaCompiler.Result r = JavaCompiler.compile(Map.of("GapbenchCodec.java", CODEC, "GapbenchJudge.java", JUDGE));
            if (!r.ok()) {
                throw new IllegalStateException("the judge driver does not compile: " + r.errors());
            }
            return Map.copyOf(r.classes());
        }
    }

    private static List<String> command(String mainClass) {
        List<String> command = new java.util.ArrayList<>(List.of(JAVA));
        command.addAll(JVM_FLAGS);
        command.add(mainClass);
        return command;
    }

    /** The judge: the test class Main, the stub Solution, the driver and the codec, compiled once per item. */
    private static Map<String, byte[]> judgeClasses(String id, String prompt, String testCode, String entryPoint) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Main.java", stub(id, prompt, entryPoint) + "\n\n" + testCode + "\n");
        JavaCompiler.Result compiled = JavaCompiler.compile(sources, Driver.CLASSES);
        if (!compiled.ok()) {
            throw new SandboxException(id + ": the tests do not compile against the prompt's class Solution: " + compiled.errors());
        }
        Map<String, byte[]> classes = new LinkedHashMap<>(compiled.classes());
        classes.putAll(Driver.CLASSES);
        return Map.copyOf(classes);
    }

    /**
     * The judge's {@code class Solution}: the prompt as written (its imports, helpers and the entry point's signature),
     * the entry point's body a call to the candidate, and a field that makes each instance's counterpart on the other side.
     */
    static String stub(String id, String prompt, String entryPoint) {
        String parsed = prompt + "}\n" + "}\n".repeat(Math.max(0, BraceDepth.of(prompt) - 1));
        JavaCompiler.Signature sig = entryPoint == null ? null : JavaCompiler.signature(parsed, "Solution", entryPoint);
        if (sig == null || !prompt.stripTrailing().endsWith("{")) {
            throw new SandboxException(id + ": the prompt does not end with the signature of Solution." + entryPoint);
        }
        String call = "GapbenchJudge.call(" + (sig.isStatic() ? "-1" : "gapbenchId") + ", \"" + entryPoint + "\", new Object[] {"
                + String.join(", ", sig.parameters()) + "})";
        String type = sig.returnType();
        boolean scalar = java.util.Set.of("int", "long", "short", "byte", "double", "float", "Integer", "Long", "Short", "Byte", "Double", "Float")
                .contains(type);
        String body = type.equals("void") ? "        " + call + ";\n    }\n"
                : scalar ? "        return (" + type + ") GapbenchJudge.as(" + call + ", " + type + ".class);\n    }\n"
                : "        return (" + type + ") " + call + ";\n    }\n";
        String head = prompt + body + (sig.isStatic() ? "" : "    private final int gapbenchId = GapbenchJudge.construct();\n");
        return head + "}\n".repeat(Math.max(0, BraceDepth.of(head)));
    }

    private static String resource(String name) {
        try (java.io.InputStream in = JavaHarness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The candidate as a complete {@code class Solution}, whichever part of it the model wrote. */
    static String solution(String prompt, String code, String entryPoint) {
        String body = PACKAGE.matcher(code).replaceAll("");
        if (SOLUTION_CLASS.matcher(body).find()) {
            // a whole class: keep the prompt's imports (repeating an import is legal) and make Solution package-private
            StringBuilder imports = new StringBuilder();
            Matcher m = IMPORT.matcher(prompt);
            while (m.find()) {
                imports.append(m.group().strip()).append('\n');
            }
            return imports + body.replaceAll("public\\s+(final\\s+)?class\\s+Solution\\b", "class Solution");
        }
        String head = prompt;
        if (CodeLanguage.JAVA.defines(body, entryPoint)) {
            // the method alone: put it where the prompt's signature starts
            int at = lastSignatureLine(prompt, entryPoint);
            head = at < 0 ? prompt : prompt.substring(0, at);
        }
        String joined = head + body;
        return joined + "\n}".repeat(Math.max(0, BraceDepth.of(joined)));
    }

    private static int lastSignatureLine(String prompt, String entryPoint) {
        int at = prompt.lastIndexOf(entryPoint + "(");
        return at < 0 ? -1 : prompt.lastIndexOf('\n', at) + 1;
    }
}
