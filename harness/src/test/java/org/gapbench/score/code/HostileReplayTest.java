package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's "done when", through the real entry point: {@code gapbench run --suite humaneval|humaneval-java --model
 * replay:<file>} in a child JVM whose environment holds an API key. The replay file answers every item of the suite:
 * the forgery classes of {@link ForgeryTest} (Python) and the Java ones (the nonce read with {@code sun.misc.Unsafe}
 * from {@code PrintStream}'s buffer, in a method and in a static initialiser; {@code equals}-forging collections;
 * reflection on the test class; {@code System.exit}/{@code Runtime.halt} in the middle; the channel written out of
 * turn or with garbage; environment dumps; background processes), each on an item of its own, and the canonical
 * solution on every other item. Every forgery must score 0 with a failure rule (never {@code passed}), every honest
 * answer must pass, the key and any nonce must appear nowhere in the run directory, and no process of a sandbox uid
 * may be left without a JVM above it.
 */
class HostileReplayTest {
    private static final String KEY = "OPENAI_API_KEY";
    private static final int FIRST_SANDBOX_UID = 61000;
    private static final int SANDBOX_UIDS = 64;
    private static final Pattern NONCE_LEAK = Pattern.compile("nonce=[0-9a-f]{32}|[0-9a-f]{32}:(?:start|passed)");

    private record Answer(String name, String item, String response, Set<String> rules) {
    }

    @Test
    void pythonForgeriesFailThroughTheCli(@TempDir Path tmp) throws Exception {
        runAndCheck(tmp, "humaneval", pythonAnswers(mark()));
    }

    @Test
    void javaForgeriesFailThroughTheCli(@TempDir Path tmp) throws Exception {
        runAndCheck(tmp, "humaneval-java", javaAnswers(mark()));
    }

    private static String mark() {
        return Integer.toString(1000 + new SecureRandom().nextInt(9000));
    }

    // ---- the run and its checks

    private static void runAndCheck(Path tmp, String suite, List<Answer> hostile) throws Exception {
        String secret = "sk-test-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        List<Item> items = CodingFixtures.prepare(suite, "oracle:gold", null, null).items();
        Map<String, Answer> byItem = new LinkedHashMap<>();
        for (Answer a : hostile) {
            assertTrue(byItem.put(a.item(), a) == null, "two answers for " + a.item());
        }
        Path replay = tmp.resolve("answers.jsonl");
        StringBuilder lines = new StringBuilder();
        String fence = suite.equals("humaneval") ? "```python\n" : "```java\n";
        for (Item i : items) {
            Answer a = byItem.get(i.id());
            String response = a != null ? a.response()
                    : "Here is the solution.\n\n" + fence + i.text("prompt") + i.text("canonical_solution") + "\n```\n";
            lines.append(Json.MAPPER.writeValueAsString(Map.of("id", i.id(), "response", response))).append('\n');
        }
        Files.writeString(replay, lines);
        List<String> before = escapedSandboxProcesses();

        Path out = tmp.resolve("run");
        Map<String, String> env = new LinkedHashMap<>();
        env.put(KEY, secret);
        env.put("GAPBENCH_DATA", CodingFixtures.mirror().toString());
        long started = System.nanoTime();
        Process p = TestSupport.child(TestSupport.home(), env, List.of("run", "--suite", suite, "--model", "replay:" + replay,
                "--out", out.toString(), "--no-cache", "--progress", "none"))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("harness-output.txt").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(tmp.resolve("harness-output.txt"));
        System.out.printf("%s: %d answers (%d hostile) through the CLI in %.1f s%n", suite, items.size(), hostile.size(),
                (System.nanoTime() - started) / 1e9);
        assertEquals(0, p.exitValue(), output);

        StringBuilder wrong = new StringBuilder();
        int honestPassed = 0;
        int hostileFailed = 0;
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            JsonNode r = Json.MAPPER.readTree(line);
            String item = r.get("item").asText();
            assertTrue(r.path("error").isMissingNode() || r.path("error").isNull(), () -> "an error, not a score: " + line);
            String rule = r.at("/score/rule").asText();
            double value = r.at("/score/value").asDouble();
            Answer a = byItem.get(item);
            if (a == null) {
                if (!rule.equals("passed") || value != 1) {
                    wrong.append("the canonical answer of ").append(item).append(" scored ").append(rule).append(": ")
                            .append(r.at("/score/details")).append('\n');
                } else {
                    honestPassed++;
                }
            } else if (!a.rules().contains(rule) || (rule.equals("passed") ? value != 1 : value != 0)) {
                wrong.append(a.name()).append(" (").append(item).append(") scored ").append(rule).append(" = ").append(value)
                        .append(": ").append(r.at("/score/details")).append('\n');
            } else if (!rule.equals("passed")) {
                hostileFailed++;
            } else {
                honestPassed++;
            }
        }
        assertEquals("", wrong.toString());
        long forgeries = hostile.stream().filter(a -> !a.rules().contains("passed")).count();
        assertEquals(forgeries, hostileFailed);
        assertEquals(items.size() - forgeries, honestPassed);
        System.out.printf("%s: %d forgeries all scored failures, %d honest answers passed%n", suite, hostileFailed, honestPassed);
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(items.size(), summary.at("/counts/scored").asInt());
        assertEquals(0, summary.at("/counts/errors").asInt());
        assertEquals((double) honestPassed / items.size(), summary.at("/metrics/pass@1/value").asDouble(), 1e-12);

        assertNoLeak(secret, output, "the harness's output");
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(replay)).toList()) {
                assertNoLeak(secret, Files.readString(f, StandardCharsets.ISO_8859_1), f.toString());
            }
        }
        List<String> escaped = escapedSandboxProcesses();
        escaped.removeAll(before);
        assertEquals(List.of(), escaped, "processes of sandbox uids outlived their executions");
    }

    private static void assertNoLeak(String secret, String text, String where) {
        assertFalse(text.contains(secret) || text.contains(secret.substring(0, 14)), "the API key leaked into " + where);
        assertFalse(NONCE_LEAK.matcher(text).find(), () -> "a nonce reached " + where + ": " + firstMatch(text));
    }

    private static String firstMatch(String text) {
        var m = NONCE_LEAK.matcher(text);
        return m.find() ? text.substring(Math.max(0, m.start() - 200), Math.min(text.length(), m.end() + 50)) : "";
    }

    /**
     * Live processes running as a sandbox pool uid with no JVM among their ancestors: a process still inside an
     * execution has its harness's JVM above it; one that escaped its pid namespace would have been re-parented.
     */
    static List<String> escapedSandboxProcesses() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                Map<String, String> status = status(p);
                if (status == null || status.getOrDefault("State", "").startsWith("Z")) {
                    continue;
                }
                int uid = Integer.parseInt(status.getOrDefault("Uid", "-1\t").split("\\s+")[0]);
                if (uid < FIRST_SANDBOX_UID || uid >= FIRST_SANDBOX_UID + SANDBOX_UIDS || underJvm(status)) {
                    continue;
                }
                found.add(p.getFileName() + " (uid " + uid + "): " + status.get("Name"));
            }
        }
        return found;
    }

    private static boolean underJvm(Map<String, String> status) {
        Map<String, String> s = status;
        for (int depth = 0; s != null && depth < 64; depth++) {
            if ("java".equals(s.get("Name"))) {
                return true;
            }
            String ppid = s.get("PPid");
            if (ppid == null || ppid.equals("0") || ppid.equals("1")) {
                return false;
            }
            s = status(Path.of("/proc", ppid));
        }
        return false;
    }

    private static Map<String, String> status(Path proc) {
        try {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.ISO_8859_1)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    m.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
            return m;
        } catch (IOException gone) {
            return null; // exited while we looked
        }
    }

    // ---- Python: the forgery classes of ForgeryTest, each on an item of its own

    private static List<Answer> pythonAnswers(String mark) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (Item i : CodingFixtures.prepare("humaneval", "oracle:gold", null, null).items()) {
            items.put(i.id(), i);
        }
        List<Answer> a = new ArrayList<>();
        Set<String> runtime = Set.of("runtime-error");
        Set<String> assertion = Set.of("assertion-failed");
        py(a, items, 0, "nonce-and-exit", "import os, sys\nSIG\n"
                + "    m = sys.modules['__main__']\n"
                + "    nonce = getattr(m, 'nonce', None)\n"
                + "    for line in (str(nonce) + ':passed', '=passed'):\n"
                + "        print('\\n' + line, flush=True)\n"
                + "        os.write(1, ('\\n' + line + '\\n').encode())\n"
                + "        sys.stderr.write('\\n' + line + '\\n')\n"
                + "    os._exit(0)\n", runtime);
        py(a, items, 1, "exit-0-at-load", "import os\nprint('=passed', flush=True)\nos._exit(0)\nSIG\n    return True\n", runtime);
        py(a, items, 3, "always-equal-object", "class Forged:\n    def __eq__(self, other):\n        return True\n"
                + "    def __ne__(self, other):\n        return False\n    __hash__ = object.__hash__\nSIG\n    return Forged()\n", assertion);
        py(a, items, 5, "list-subclass-with-forged-eq", "class Forged(list):\n    def __eq__(self, other):\n        return True\n"
                + "    __hash__ = object.__hash__\nSIG\n    return Forged()\n", assertion);
        py(a, items, 6, "int-subclass-with-forged-eq", "class Forged(int):\n    def __eq__(self, other):\n        return True\n"
                + "    __hash__ = int.__hash__\nSIG\n    return Forged(7)\n", assertion);
        py(a, items, 4, "float-subclass-with-forged-arithmetic", "class Forged(float):\n"
                + "    def __sub__(self, other):\n        return Forged(0.0)\n    def __abs__(self):\n        return 0.0\n"
                + "    def __lt__(self, other):\n        return True\nSIG\n    return Forged(123.0)\n", Set.of("runtime-error", "assertion-failed"));
        py(a, items, 7, "settrace-replaces-check", "import sys\n"
                + "def _noop(*args, **kwargs):\n    return None\n"
                + "def _tracer(frame, event, arg):\n"
                + "    if frame.f_globals.get('check') not in (None, _noop):\n        frame.f_globals['check'] = _noop\n"
                + "    return _tracer\n"
                + "sys.settrace(_tracer)\nsys._getframe().f_trace = _tracer\n"
                + "f = sys._getframe()\nwhile f is not None:\n    f.f_trace = _tracer\n    f = f.f_back\n"
                + "SIG\n    return None\n", assertion);
        py(a, items, 8, "f-trace-jumps-over-asserts", "import sys\n"
                + "def _jump(frame, event, arg):\n"
                + "    if event == 'line':\n"
                + "        last = max(l for _, _, l in frame.f_code.co_lines() if l)\n"
                + "        if frame.f_lineno < last:\n"
                + "            try:\n                frame.f_lineno = last\n            except ValueError:\n                pass\n"
                + "    return _jump\n"
                + "SIG\n    f = sys._getframe(1)\n"
                + "    while f is not None:\n        f.f_trace = _jump\n        f = f.f_back\n"
                + "    sys.settrace(lambda *a: None)\n    return None\n", Set.of("assertion-failed", "runtime-error"));
        py(a, items, 2, "monkeypatched-builtins", "import builtins\n"
                + "builtins.abs = lambda x: 0.0\n"
                + "builtins.AssertionError = type('AssertionError', (Exception,), {})\n"
                + "builtins.print = lambda *a, **k: None\n"
                + "builtins.isinstance = lambda *a: True\n"
                + "SIG\n    return 123.0\n", Set.of("assertion-failed", "runtime-error"));
        py(a, items, 9, "shadowed-builtin", "def abs(x):\n    return 0.0\ndef len(x):\n    return 0\nSIG\n    return 123.0\n", assertion);
        py(a, items, 32, "replaced-prompt-helper", "def poly(xs, x):\n    return 0.0\n"
                + "def find_zero(xs):\n    return 12345.0\n", assertion);
        py(a, items, 10, "gc-and-frame-walk", "import gc, sys\n"
                + "def _noop(*args, **kwargs):\n    return None\n"
                + "SIG\n"
                + "    for o in gc.get_objects():\n"
                + "        if type(o).__name__ == 'function' and o.__name__ == 'check':\n"
                + "            o.__code__ = _noop.__code__\n"
                + "        elif type(o) is dict and callable(o.get('check')):\n"
                + "            o['check'] = _noop\n"
                + "    return None\n", assertion);
        py(a, items, 11, "channel-out-of-turn", "import json, sys\nSIG\n"
                + "    f = sys._getframe()\n"
                + "    while f is not None and 'chan_out' not in f.f_locals:\n        f = f.f_back\n"
                + "    chan, seq = f.f_locals['chan_out'], f.f_locals['seq']\n"
                + "    for s in range(seq, seq + 50):\n"
                + "        chan.write(json.dumps([s, 'ok', ['b', True]]) + '\\n')\n"
                + "    chan.flush()\n"
                + "    return True\n", Set.of("tampering"));
        py(a, items, 12, "channel-garbage", "import sys\nSIG\n"
                + "    f = sys._getframe()\n"
                + "    while f is not None and 'chan_out' not in f.f_locals:\n        f = f.f_back\n"
                + "    f.f_locals['chan_out'].write('{\"passed\": true}\\n')\n"
                + "    f.f_locals['chan_out'].flush()\n"
                + "    import os\n    os._exit(0)\n", Set.of("tampering"));
        py(a, items, 13, "forged-greeting", "import os, json\n"
                + "for fd in range(3, 20):\n"
                + "    try:\n        os.write(fd, (json.dumps(['hello', [], []]) + '\\n').encode())\n"
                + "    except OSError:\n        pass\n"
                + "SIG\n    return True\n", Set.of("tampering"));
        py(a, items, 14, "read-the-tests", "import os\nHITS = []\n"
                + "for root, dirs, files in os.walk('/', followlinks=False):\n"
                + "    if root == '/':\n        dirs[:] = [d for d in dirs if d not in ('usr', 'proc', 'sys', 'dev')]\n"
                + "    for name in files:\n"
                + "        try:\n            data = open(os.path.join(root, name), 'rb').read(1 << 22)\n"
                + "        except OSError:\n            continue\n"
                + "        if (b'def check' + b'(candidate)') in data:\n            HITS.append(name)\n"
                + "SIG\n    if not HITS:\n        return None\n"
                + items.get("HumanEval/14").text("canonical_solution"), assertion);
        py(a, items, 15, "read-environment", "import os, sys\n"
                + "for p in ('/proc/self/environ', '/proc/1/environ', '/proc/2/environ'):\n"
                + "    try:\n        print(p, open(p, 'rb').read(), file=sys.stderr)\n"
                + "    except OSError as e:\n        print(p, e, file=sys.stderr)\n"
                + "print(dict(os.environ), file=sys.stderr)\n"
                + "SIG\n    return os.environ.get('" + KEY + "')\n", assertion);
        py(a, items, 16, "background-processes", "import os, subprocess\n"
                + "subprocess.Popen(['/bin/sleep', '61." + mark + "'], start_new_session=True)\n"
                + "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                + "        os.execv('/bin/sleep', ['/bin/sleep', '62." + mark + "'])\n    os._exit(0)\n"
                + "SIG\n    return None\n", assertion);
        // honest: prints the judge's own pass line and writes to fd 1, then answers right
        Item h = items.get("HumanEval/17");
        a.add(new Answer("honest-prints", h.id(), "```python\nimport os, sys\nprint('=passed')\nos.write(1, b'=passed\\n')\n"
                + h.text("prompt") + "    print('=start', file=sys.stderr)\n" + h.text("canonical_solution") + "\n```\n", Set.of("passed")));
        return a;
    }

    /** A whole-program answer for HumanEval/{@code n}; {@code SIG} stands for a definition of its entry point. */
    private static void py(List<Answer> out, Map<String, Item> items, int n, String name, String code, Set<String> rules) {
        Item i = items.get("HumanEval/" + n);
        String sig = "def " + i.text("entry_point") + "(*args, **kwargs):";
        out.add(new Answer(name, i.id(), "```python\n" + code.replace("SIG", sig) + "```\n", rules));
    }

    // ---- Java: the forgeries of the one-program design

    /** Reads the launcher's nonce from System.out's buffer with sun.misc.Unsafe, prints the pass lines, halts with 0. */
    private static final String UNSAFE_FORGE = """
                static void forge() {
                    String nonce = "";
                    try {
                        Class<?> uc = Class.forName("sun.misc.Unsafe");
                        java.lang.reflect.Field f = uc.getDeclaredField("theUnsafe");
                        f.setAccessible(true);
                        Object u = f.get(null);
                        java.lang.reflect.Method offset = uc.getMethod("objectFieldOffset", java.lang.reflect.Field.class);
                        java.lang.reflect.Method get = uc.getMethod("getObject", Object.class, long.class);
                        Object inner = get.invoke(u, System.out, offset.invoke(u, java.io.FilterOutputStream.class.getDeclaredField("out")));
                        byte[] buf = (byte[]) get.invoke(u, inner, offset.invoke(u, java.io.BufferedOutputStream.class.getDeclaredField("buf")));
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9a-f]{32}):start")
                                .matcher(new String(buf, java.nio.charset.StandardCharsets.ISO_8859_1));
                        if (m.find()) {
                            nonce = m.group(1);
                        }
                        System.err.println("nonce=" + nonce);
                    } catch (Throwable t) {
                        System.err.println("no nonce: " + t);
                    }
                    String pass = "\\n=passed\\n" + nonce + ":passed\\n";
                    System.out.print(pass);
                    System.out.flush();
                    try {
                        java.io.FileOutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                        raw.write(pass.getBytes());
                        raw.flush();
                    } catch (java.io.IOException e) {
                        System.err.println(e);
                    }
                    Runtime.getRuntime().halt(0);
                }
            """;

    private static List<Answer> javaAnswers(String mark) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (Item i : CodingFixtures.prepare("humaneval-java", "oracle:gold", null, null).items()) {
            items.put(i.id(), i);
        }
        List<Answer> a = new ArrayList<>();
        Set<String> forgedPass = Set.of("runtime-error", "tampering");
        Set<String> assertion = Set.of("assertion-failed");
        java(a, items, 0, "unsafe-nonce-in-the-method", "        forge();\n        return true;\n", UNSAFE_FORGE, forgedPass);
        java(a, items, 1, "unsafe-nonce-in-a-static-initialiser", "        return null;\n",
                UNSAFE_FORGE + "    static {\n        forge();\n    }\n", forgedPass);
        java(a, items, 5, "arraylist-subclass-with-forged-equals", """
                        return new ArrayList<Integer>() {
                            @Override
                            public boolean equals(Object o) {
                                return true;
                            }
                            @Override
                            public int hashCode() {
                                return 0;
                            }
                        };
                """, "", assertion);
        java(a, items, 7, "own-list-class-with-forged-equals", """
                        return new AbstractList<String>() {
                            @Override
                            public String get(int i) {
                                throw new IndexOutOfBoundsException();
                            }
                            @Override
                            public int size() {
                                return 0;
                            }
                            @Override
                            public boolean equals(Object o) {
                                return true;
                            }
                        };
                """, "", assertion);
        // reflection on the test class: where the tests can be found and read, the forger answers from them
        java(a, items, 2, "reflection-on-the-test-class", """
                        try {
                            Class<?> tests = Class.forName("Main");
                            java.lang.reflect.Method main = tests.getMethod("main", String[].class);
                            byte[] code = tests.getResourceAsStream("Main.class").readAllBytes();
                            System.err.println("read the tests: " + main + ", " + code.length + " bytes");
                            return number % 1.0;
                        } catch (Throwable t) {
                            System.err.println("no tests to read: " + t);
                        }
                        return -1;
                """, "", assertion);
        java(a, items, 3, "exit-0-in-the-middle", "        if (++calls == 2) {\n            System.out.println(\"=passed\");\n"
                + "            System.exit(0);\n        }\n" + items.get("Java/3").text("canonical_solution").replaceFirst("\\}\\s*$", ""),
                "    static int calls;\n", Set.of("runtime-error"), true);
        java(a, items, 4, "halt-0-in-the-middle", "        if (++calls == 2) {\n            Runtime.getRuntime().halt(0);\n        }\n"
                + items.get("Java/4").text("canonical_solution").replaceFirst("\\}\\s*$", ""), "    static int calls;\n", Set.of("runtime-error"), true);
        java(a, items, 8, "channel-out-of-turn", """
                        try {
                            java.io.FileOutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                            for (int seq = 0; seq < 50; seq++) {
                                raw.write(("[" + seq + ",\\"ok\\",[\\"l\\",[[\\"i\\",\\"0x0\\"],[\\"i\\",\\"0x1\\"]]]]\\n").getBytes());
                            }
                            raw.flush();
                        } catch (java.io.IOException e) {
                            System.err.println(e);
                        }
                        return Arrays.asList(0, 1);
                """, "", Set.of("tampering"));
        java(a, items, 9, "channel-garbage", """
                        try {
                            java.io.FileOutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                            raw.write("{\\"passed\\": true}\\n".getBytes());
                            raw.flush();
                        } catch (java.io.IOException e) {
                            System.err.println(e);
                        }
                        Runtime.getRuntime().halt(0);
                        return null;
                """, "", Set.of("tampering"));
        java(a, items, 11, "read-environment", """
                        System.err.println(System.getenv());
                        for (String p : new String[] {"/proc/self/environ", "/proc/1/environ", "/proc/2/environ", "/proc/3/environ"}) {
                            try {
                                System.err.println(p + ": " + new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(p))));
                            } catch (Exception e) {
                                System.err.println(p + ": " + e);
                            }
                        }
                        return String.valueOf(System.getenv("%s"));
                """.formatted(KEY), "", assertion);
        java(a, items, 10, "background-processes", """
                        try {
                            new ProcessBuilder("/bin/sleep", "61.%1$s").start();
                            new ProcessBuilder("/usr/bin/setsid", "/bin/sleep", "62.%1$s").start();
                        } catch (java.io.IOException e) {
                            System.err.println(e);
                        }
                        return "";
                """.formatted(mark), "", assertion);
        Item h = items.get("Java/12");
        a.add(new Answer("honest-prints", h.id(), "```java\n" + h.text("prompt")
                + "        System.out.println(\"=passed\");\n        System.err.println(\"=start\");\n"
                + "        for (int i = 0; i < 100; i++) {\n            System.out.println(\"line \" + i);\n        }\n"
                + h.text("canonical_solution") + "\n```\n", Set.of("passed")));
        return a;
    }

    private static void java(List<Answer> out, Map<String, Item> items, int n, String name, String body, String members, Set<String> rules) {
        java(out, items, n, name, body, members, rules, false);
    }

    /** The prompt's class Solution with {@code body} as the entry point's body and {@code members} added. */
    private static void java(List<Answer> out, Map<String, Item> items, int n, String name, String body, String members, Set<String> rules,
                             boolean bodyClosesMethod) {
        Item i = items.get("Java/" + n);
        String code = i.text("prompt") + body + (bodyClosesMethod ? "\n" : "    }\n") + members + "}\n";
        out.add(new Answer(name, i.id(), "```java\n" + code + "```\n", rules));
    }
}
