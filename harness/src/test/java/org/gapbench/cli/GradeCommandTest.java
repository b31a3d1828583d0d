package org.gapbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapbench grade}: anyone's answers graded through the command line, streamed, with file:line for a bad line. */
class GradeCommandTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "graded (\\d+) of (\\d+) lines: accuracy ([\\d.]+) \\[([\\d.]+), ([\\d.]+)] \\(95% Wilson interval\\), correct (\\d+), "
                    + "no answer (\\d+), cut by the token limit (\\d+), errors (\\d+)");

    @TempDir
    Path tmp;

    private Path file(String name, String... lines) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private static List<JsonNode> lines(String jsonl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : jsonl.split("\n")) {
            if (!l.isBlank()) {
                out.add(Json.MAPPER.readTree(l));
            }
        }
        return out;
    }

    @Test
    void gradesAFileWithAnyScorerAndSummarizesWithAnInterval() throws Exception {
        Path in = file("answers.jsonl",
                "{\"id\": \"a\", \"response\": \"So the answer is \\\\boxed{18}.\", \"gold\": \"18\"}",
                "{\"id\": \"b\", \"response\": \"The roots are $x = \\\\boxed{-2}$ and $x = \\\\boxed{1}$.\", \"gold\": \"1, -2\", \"answer_kind\": \"latex\"}",
                "{\"id\": \"c\", \"response\": \"12 + 7 = 19, then 19 * 100000\", \"gold\": \"100000\", \"finish_reason\": \"length\"}",
                "",
                "{\"id\": 4, \"response\": \"\\\\boxed{x = 1, y = 2}\", \"gold\": 2, \"answer_kind\": \"latex\", \"extra\": {\"kept\": false}}",
                "{\"id\": \"z\", \"response\": \"```json\\n{\\\"answer\\\": \\\"6 \\\\u221a2\\\"}\\n```\", \"gold\": \"6\", \"scorer\": \"zeroeval\"}",
                "{\"id\": \"test/precalculus/807.json\", \"response\": \"Thus $\\\\boxed{(3, \\\\frac{\\\\pi}{2})}$.\", \"suite\": \"math500\"}");
        Cli cli = TestSupport.gapbench("grade", in.toString(), "--data-dir", TestSupport.dataDir().toString());
        assertEquals(0, cli.exit(), cli::toString);
        List<JsonNode> out = lines(cli.out());
        assertEquals(6, out.size(), cli.out());
        for (JsonNode n : out) {
            for (String field : List.of("id", "correct", "value", "answer", "normalized", "gold_normalized", "rule")) {
                assertTrue(n.has(field), field + " in " + n);
            }
        }
        assertEquals(List.of("a", "b", "c", "4", "z", "test/precalculus/807.json"), out.stream().map(n -> n.get("id").asText()).toList());
        assertEquals(List.of(true, true, false, false, true, true), out.stream().map(n -> n.get("correct").asBoolean()).toList());
        assertEquals("boxed:list", out.get(1).get("rule").asText());
        assertEquals("no-answer", out.get(2).get("rule").asText(), "cut by the token limit before a final answer");
        assertTrue(out.get(4).get("rule").asText().startsWith("json"), "ZeroEval's own rule, first-number leniency included");
        assertEquals("( 3, \\frac{\\pi}{2} )", out.get(5).get("gold_normalized").asText(), "the gold of the suite's item");

        Matcher m = SUMMARY.matcher(cli.err());
        assertTrue(m.find(), cli.err());
        assertEquals("6", m.group(1));
        assertEquals("0.6667", m.group(3));
        assertTrue(Double.parseDouble(m.group(4)) < 0.6667 && Double.parseDouble(m.group(5)) > 0.6667);
        assertEquals(List.of("4", "1", "1", "0"), List.of(m.group(6), m.group(7), m.group(8), m.group(9)));
    }

    @Test
    void aBadLineIsFileAndLineWithExitTwoAndLeavesNoOutputFile() throws Exception {
        String good = "{\"id\": \"a\", \"response\": \"\\\\boxed{1}\", \"gold\": \"1\"}";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("not json", "no answer here");
        bad.put("an array", "[1, 2]");
        bad.put("no id", "{\"response\": \"x\", \"gold\": \"1\"}");
        bad.put("no response", "{\"id\": \"q\", \"gold\": \"1\"}");
        bad.put("no gold", "{\"id\": \"q\", \"response\": \"\\\\boxed{1}\"}");
        bad.put("unknown scorer", "{\"id\": \"q\", \"response\": \"1\", \"gold\": \"1\", \"scorer\": \"nonesuch\"}");
        bad.put("bad answer_kind", "{\"id\": \"q\", \"response\": \"1\", \"gold\": \"1\", \"answer_kind\": \"words\"}");
        bad.put("unknown suite", "{\"id\": \"q\", \"response\": \"1\", \"suite\": \"nonesuch\"}");
        bad.put("no such item", "{\"id\": \"q\", \"response\": \"1\", \"suite\": \"gsm8k\"}");
        bad.put("code scorer without a suite", "{\"id\": \"q\", \"response\": \"1\", \"gold\": \"1\", \"scorer\": \"python-tests\"}");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Path in = file("bad.jsonl", good, "", e.getValue(), good);
            Path out = tmp.resolve("graded.jsonl");
            Cli cli = TestSupport.gapbench("grade", in.toString(), "-o", out.toString(), "--data-dir", TestSupport.dataDir().toString());
            assertEquals(ExitCode.USAGE.code, cli.exit(), e.getKey() + ": " + cli);
            assertTrue(cli.err().startsWith("gapbench: " + in + ":3: "), e.getKey() + ": " + cli.err());
            assertEquals(1, cli.err().strip().lines().count(), "one line, no stack trace: " + cli.err());
            assertFalse(Files.exists(out), e.getKey() + ": no half-written output");
            assertTrue(Files.list(tmp).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        Path binary = tmp.resolve("latin1.jsonl");
        Files.write(binary, (good + "\n{\"id\": \"\u00e9\", \"response\": \"1\", \"gold\": \"1\"}\n").getBytes(StandardCharsets.ISO_8859_1));
        Cli cli = TestSupport.gapbench("grade", binary.toString());
        assertEquals(ExitCode.USAGE.code, cli.exit());
        assertTrue(cli.err().contains(binary + ":2: not valid UTF-8"), cli.err());
        Cli missing = TestSupport.gapbench("grade", tmp.resolve("absent.jsonl").toString());
        assertEquals(ExitCode.USAGE.code, missing.exit());
        assertTrue(missing.err().contains("absent.jsonl: no such file"), missing.err());
        Cli both = TestSupport.gapbench("grade", binary.toString(), "--suite", "gsm8k", "--scorer", "math");
        assertEquals(ExitCode.USAGE.code, both.exit());
    }

    @Test
    void aWholeFileOfGradesIsWrittenAtomicallyWithOut() throws Exception {
        Path in = file("a.jsonl", "{\"id\": \"a\", \"response\": \"\\\\boxed{2,5}\", \"gold\": \"2.5\", \"answer_kind\": \"latex\"}",
                "{\"id\": \"b\", \"response\": \"Die Antwort ist \\\\boxed{2,5}.\", \"gold\": \"2.5\"}");
        Path out = tmp.resolve("graded.jsonl");
        Cli en = TestSupport.gapbench("grade", in.toString(), "-o", out.toString());
        assertEquals(0, en.exit(), en::toString);
        assertEquals("", en.out());
        assertEquals(List.of(false, false), lines(Files.readString(out)).stream().map(n -> n.get("correct").asBoolean()).toList(),
                "2,5 is a list in English");
        Cli de = TestSupport.gapbench("grade", in.toString(), "-o", out.toString(), "--language", "de");
        assertEquals(List.of(true, true), lines(Files.readString(out)).stream().map(n -> n.get("correct").asBoolean()).toList(), de::toString);
    }

    /**
     * A million lines from standard input in a JVM with a 32 MB heap: grading streams, so memory stays flat whatever
     * the input's length (a list of the lines would not fit).
     */
    @Test
    void aMillionLinesFromStandardInputInFlatMemory() throws Exception {
        int n = 1_000_000;
        Path in = tmp.resolve("million.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(in)) {
            for (int i = 0; i < n; i++) {
                w.write("{\"id\":\"" + i + "\",\"response\":\"The answer is \\\\boxed{" + (i % 7) + "}.\",\"gold\":\"" + (i % 5) + "\"}\n");
            }
        }
        Process p = TestSupport.child(TestSupport.home(), Map.of(), List.of("-Xmx32m"), List.of("grade", "-"))
                .redirectInput(in.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        Matcher m = SUMMARY.matcher(err);
        assertTrue(m.find(), err);
        assertEquals(String.valueOf(n), m.group(1));
        long correct = 0;
        for (int i = 0; i < n; i++) {
            correct += i % 7 == i % 5 ? 1 : 0;
        }
        assertEquals(String.valueOf(correct), m.group(6));
    }
}
