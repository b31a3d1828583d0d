package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gapbench.config.Home;
import org.gapbench.dataset.Item;
import org.gapbench.io.Json;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": a humaneval run against an OpenAI-compatible endpoint whose answers contain hostile
 * code completes with the right pass@k, nothing escapes and no secret leaks. The harness runs as a child
 * process holding a secret API key in its environment; the endpoint answers each item with the canonical
 * solution behind a hostile prelude. Every prelude is written so that, were it not contained, the solution
 * would go on to pass: containment shows as a failure with a specific rule, never as an error or a crash.
 */
class HostileCodeTest {
    private static final String KEY_ENV = "GAPBENCH_HOSTILE_TEST_KEY";
    private static final int ITEMS = 13;

    private record Behaviour(String name, String prelude, Set<String> rules) {
    }

    @Test
    void hostileAnswersAreContainedScoredAsFailuresAndLeakNothing(@TempDir Path tmp) throws Exception {
        String secret = "sk-gapbench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String mark = Integer.toString(1000 + new SecureRandom().nextInt(9000));
        Path hostFile = tmp.resolve("escaped-" + mark);
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> accept(listener, connections), "hostile-test-listener");
            acceptor.setDaemon(true);
            acceptor.start();
            List<Behaviour> behaviours = behaviours(listener.getLocalPort(), hostFile, mark);
            Map<String, Item> byPrompt = new LinkedHashMap<>();
            for (Item i : CodingFixtures.prepare("humaneval", "oracle:gold", null, null).items()) {
                byPrompt.put(i.text("prompt"), i);
            }
            Map<String, Behaviour> assigned = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            ProviderServer.Builder config = ProviderServer.builder().answer(request -> {
                JsonNode req = request.body();
                Item item = itemOf(req, byPrompt);
                Behaviour b = assigned.computeIfAbsent(item.id(), id -> behaviours.get(next.getAndIncrement() % behaviours.size()));
                return "Here is my solution:\n\n```python\n" + item.text("prompt") + b.prelude() + item.text("canonical_solution") + "\n```\n";
            });
            Path out = tmp.resolve("run");
            Child child;
            try (ProviderServer server = config.start()) {
                child = runHarness(server.baseUrl(), out, secret, tmp);
            }

            assertEquals(0, child.exitCode(), () -> child.output() + errors(out));
            assertEquals(0, connections.get(), "a sandboxed program reached a listener on the host's 127.0.0.1");
            assertFalse(Files.exists(hostFile), "a sandboxed program wrote a file on the host");
            assertEquals(List.of(), survivors(mark), "processes outlived their execution");
            try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("gapbench-box-" + child.pid() + "-")).toList(),
                        "the harness left its sandbox boxes' directories behind");
            }

            Map<String, String> ruleByBehaviour = new LinkedHashMap<>();
            for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
                JsonNode r = Json.MAPPER.readTree(line);
                assertTrue(r.path("error").isMissingNode() || r.path("error").isNull(), () -> "an error, not a score: " + line);
                Behaviour b = assigned.get(r.get("item").asText());
                String rule = r.at("/score/rule").asText();
                assertTrue(b.rules().contains(rule), () -> b.name() + " scored " + rule + ": " + r.at("/score/details"));
                assertTrue(r.at("/score/details/timeout_ms").asLong() > 0, "the calibrated timeout is journalled");
                ruleByBehaviour.put(b.name(), rule);
            }
            assertEquals(behaviours.stream().map(Behaviour::name).collect(java.util.stream.Collectors.toSet()), ruleByBehaviour.keySet());
            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            assertEquals(ITEMS, summary.at("/counts/scored").asInt());
            assertEquals(0, summary.at("/counts/errors").asInt());
            long canonical = assigned.values().stream().filter(b -> b.name().equals("canonical")).count();
            assertEquals((double) canonical / ITEMS, summary.at("/metrics/pass@1/value").asDouble(), 1e-12);

            assertNoSecret(secret, child.output(), "the harness's output");
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertNoSecret(secret, Files.readString(f, StandardCharsets.ISO_8859_1), f.toString());
                }
            }
        }
    }

    /** The journal's errors, for a failure message. */
    private static String errors(Path run) {
        try (Stream<String> lines = Files.lines(run.resolve("samples.jsonl"))) {
            return lines.filter(l -> l.contains("\"error\"")).collect(java.util.stream.Collectors.joining("\n", "\n", ""));
        } catch (IOException e) {
            return "\n(no journal: " + e.getMessage() + ")";
        }
    }

    private static List<Behaviour> behaviours(int port, Path hostFile, String mark) {
        String indent = "    ";
        List<Behaviour> b = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            b.add(new Behaviour("canonical", "", Set.of("passed")));
        }
        b.add(new Behaviour("tcp-to-host", indent + "import socket\n"
                + indent + "socket.create_connection(('127.0.0.1', " + port + "), timeout=3).sendall(b'escaped')\n", Set.of("runtime-error")));
        b.add(new Behaviour("read-environment", indent + "import os, sys\n"
                + indent + "for p in ('/proc/self/environ', '/proc/1/environ', '/proc/2/environ'):\n"
                + indent + "    try:\n" + indent + "        print(p, open(p, 'rb').read(), file=sys.stderr)\n"
                + indent + "    except OSError as e:\n" + indent + "        print(p, e, file=sys.stderr)\n"
                + indent + "print(dict(os.environ), file=sys.stderr)\n"
                + indent + "os.environ['" + KEY_ENV + "']\n", Set.of("runtime-error")));
        b.add(new Behaviour("read-host-files", indent + "import os, sys\n"
                + indent + "for d in ('/root', '/home', os.path.expanduser('~')):\n"
                + indent + "    try:\n" + indent + "        print(d, os.listdir(d), file=sys.stderr)\n"
                + indent + "    except OSError as e:\n" + indent + "        print(d, e, file=sys.stderr)\n"
                + indent + "print(open('/etc/shadow').read(), file=sys.stderr)\n", Set.of("runtime-error")));
        b.add(new Behaviour("write-outside", indent + "try:\n" + indent + "    open('/usr/gapbench-escaped', 'w').write('x')\n"
                + indent + "except OSError:\n" + indent + "    pass\n"
                + indent + "open('" + hostFile + "', 'w').write('escaped')\n", Set.of("runtime-error")));
        b.add(new Behaviour("loop-forever", indent + "while True:\n" + indent + "    pass\n", Set.of("timeout")));
        b.add(new Behaviour("unbounded-memory", indent + "hog = []\n" + indent + "while True:\n"
                + indent + "    hog.append(bytearray(256 * 1024 * 1024))\n", Set.of("memory-limit")));
        // bounded at 1500 so that a failed containment cannot take the machine down
        b.add(new Behaviour("many-processes", indent + "import os, time\n" + indent + "for _ in range(1500):\n"
                + indent + "    if os.fork() == 0:\n" + indent + "        time.sleep(60)\n" + indent + "        os._exit(0)\n",
                Set.of("runtime-error", "timeout")));
        b.add(new Behaviour("print-50-mb", indent + "import sys\n" + indent + "sys.stdout.write('x' * (50 * 1024 * 1024))\n"
                + indent + "sys.stdout.flush()\n", Set.of("output-limit")));
        b.add(new Behaviour("kill-parent", indent + "import os, signal\n" + indent + "os.kill(os.getppid(), signal.SIGKILL)\n"
                + indent + "os.kill(1, signal.SIGKILL)\n" + indent + "os.killpg(0, signal.SIGKILL)\n", Set.of("runtime-error")));
        b.add(new Behaviour("background-processes", indent + "import os, subprocess\n"
                + indent + "subprocess.Popen(['/bin/sleep', '61." + mark + "'], start_new_session=True)\n"
                + indent + "if os.fork() == 0:\n" + indent + "    os.setsid()\n" + indent + "    if os.fork() == 0:\n"
                + indent + "        os.execv('/bin/sleep', ['/bin/sleep', '62." + mark + "'])\n" + indent + "    os._exit(0)\n"
                + indent + "assert False, 'left background processes'\n", Set.of("assertion-failed")));
        assertEquals(ITEMS, b.size());
        return b;
    }

    private record Child(int exitCode, String output, long pid) {
    }

    /** The CLI in a separate JVM, so that the secret is in the harness's real environment. */
    private static Child runHarness(String baseUrl, Path out, String secret, Path tmp) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.gapbench.cli.Main", "run", "--suite", "humaneval", "--model", "openai-compatible:hostile-model",
                "--base-url", baseUrl, "--api-key-env", KEY_ENV, "--limit", Integer.toString(ITEMS), "--out", out.toString(),
                "--no-cache", "--progress", "none")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("harness-output.txt").toFile());
        pb.environment().put(KEY_ENV, secret);
        pb.environment().put("GAPBENCH_HOME", Home.resolve().root().toString());
        pb.environment().put("GAPBENCH_DATA", CodingFixtures.mirror().toString());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Child(p.exitValue(), Files.readString(tmp.resolve("harness-output.txt")), p.pid());
    }

    private static Item itemOf(JsonNode request, Map<String, Item> byPrompt) {
        JsonNode messages = request.get("messages");
        String user = messages.get(messages.size() - 1).get("content").asText();
        return byPrompt.entrySet().stream().filter(e -> user.contains(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("request for an unknown item"));
    }

    private static void accept(ServerSocket listener, AtomicInteger connections) {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                connections.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Live processes whose command line carries this test's mark (zombies are already dead and hold nothing). */
    private static List<String> survivors(String mark) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1).replace('\0', ' ');
                    if (cmd.contains("." + mark) && !cmd.contains("org.gapbench") && !Files.readString(p.resolve("stat")).contains(") Z ")) {
                        found.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return found;
    }

    private static void assertNoSecret(String secret, String text, String where) {
        assertFalse(text.contains(secret) || text.contains(secret.substring(0, 16)), "the secret leaked into " + where);
    }
}
