package org.gapbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gapbench.testing.TestSupport;
import org.gapbench.testing.TestSupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapbench judge-bias}: judges' grades from anywhere in, the country interaction and self-preference out. */
class JudgeBiasCommandTest {
    @TempDir
    Path tmp;

    private static String grade(String item, String model, String modelGroup, String judge, String judgeGroup, double v) {
        return String.format(Locale.ROOT, "{\"item\": \"%s\", \"model\": \"%s\", \"model_group\": \"%s\", \"judge\": \"%s\", "
                + "\"judge_group\": \"%s\", \"grade\": %s}", item, model, modelGroup, judge, judgeGroup, v);
    }

    @Test
    void estimatesTheInteractionAndEachJudgesSelfPreference() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double q = (i % 7) / 10.0;
            // the US judge adds 0.1 to the US model's grade; otherwise both judges agree
            lines.add(grade("q" + i, "gpt", "US", "us-judge", "US", q + 0.3 + (i % 3) * 0.05));
            lines.add(grade("q" + i, "qwen", "CN", "us-judge", "US", q + 0.1));
            lines.add(grade("q" + i, "gpt", "US", "cn-judge", "CN", q + 0.2 + (i % 3) * 0.05));
            lines.add(grade("q" + i, "qwen", "CN", "cn-judge", "CN", q + 0.1));
        }
        lines.add(grade("q-missing", "gpt", "US", "us-judge", "US", 1)); // the other three verdicts failed
        Path in = tmp.resolve("grades.jsonl");
        Files.write(in, lines);
        Cli cli = TestSupport.gapbench("judge-bias", in.toString());
        assertEquals(ExitCode.OK.code, cli.exit(), cli.toString());
        assertTrue(cli.out().contains("judge country × model country (US, CN): interaction +0.1000 ["), cli.out());
        assertTrue(cli.out().contains("80 answers, 1 left out (a grade missing: {us-judge=0, cn-judge=1})"), cli.out());
        assertTrue(cli.out().contains("us-judge on its own group's models: interaction +0.1000"), cli.out());
        assertTrue(cli.out().contains("cn-judge on its own group's models: interaction +0.1000"), cli.out());
    }

    @Test
    void aBadLineOrFlagIsOneLineWithExitTwo() throws Exception {
        String good = grade("q", "gpt", "US", "us-judge", "US", 0.5);
        Map<String, String> bad = Map.of(
                "not json", "grade: 5",
                "no grade", "{\"item\": \"q\", \"model\": \"m\", \"model_group\": \"US\", \"judge\": \"j\", \"judge_group\": \"US\"}",
                "grade a string", grade("q", "m", "US", "j", "US", 0).replace("\"grade\": 0.0", "\"grade\": \"high\""),
                "empty judge", grade("q", "m", "US", "", "US", 0.5));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Path in = tmp.resolve("bad.jsonl");
            Files.write(in, List.of(good, e.getValue()));
            Cli cli = TestSupport.gapbench("judge-bias", in.toString());
            assertEquals(ExitCode.USAGE.code, cli.exit(), e.getKey() + ": " + cli);
            assertTrue(cli.err().startsWith("gapbench: " + in + ":2: "), e.getKey() + ": " + cli.err());
            assertEquals(1, cli.err().strip().lines().count(), "one line, no stack trace: " + cli.err());
        }
        Path one = tmp.resolve("one-group.jsonl");
        Files.write(one, List.of(good));
        Cli oneGroup = TestSupport.gapbench("judge-bias", one.toString());
        assertEquals(ExitCode.USAGE.code, oneGroup.exit(), oneGroup.toString());
        assertTrue(oneGroup.err().contains("choose two with --groups A,B"), oneGroup.err());
        Cli sameTwice = TestSupport.gapbench("judge-bias", one.toString(), "--groups", "US,US");
        assertEquals(ExitCode.USAGE.code, sameTwice.exit(), sameTwice.toString());
        Cli absent = TestSupport.gapbench("judge-bias", tmp.resolve("absent.jsonl").toString());
        assertEquals(ExitCode.USAGE.code, absent.exit());
        assertTrue(absent.err().contains("absent.jsonl: no such file"), absent.err());
    }
}
