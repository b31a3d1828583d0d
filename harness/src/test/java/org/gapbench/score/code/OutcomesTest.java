package org.gapbench.score.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.run.PreparedRun;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.junit.jupiter.api.Test;

/** Each way a candidate can fail is recorded as its own rule, in both languages; none of them passes. */
class OutcomesTest {

    private static List<String> rules(String suite, Map<String, String> answersByName) {
        PreparedRun run = CodingFixtures.prepare(suite, "oracle:gold", null, null);
        Item item = run.items().get(0);
        Scorer scorer = ScoringPlan.scorer(run.suite().scorer(), ScoringContext.standard());
        return answersByName.values().parallelStream()
                .map(a -> a.replace("PROMPT", item.text("prompt")))
                .map(a -> scorer.score(item, new ModelOutput(a, null)))
                .map(Score::rule).toList();
    }

    @Test
    void pythonOutcomes() {
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("syntax", "```python\ndef has_close_elements(numbers, threshold)\n    return True\n```");
        answers.put("wrong", "```python\nPROMPT    return False\n```");
        answers.put("exception", "```python\nPROMPT    return 1 / 0\n```");
        answers.put("early-exit", "```python\nPROMPT    import os\n    os._exit(0)\n```");
        answers.put("early-sys-exit", "```python\nPROMPT    raise SystemExit(0)\n```");
        answers.put("prose", "I am not able to solve this.");
        // children that together pass the execution's memory bound, each within its own address-space limit
        answers.put("fork-memory", "```python\nPROMPT    import os\n    kids = []\n    for _ in range(6):\n        pid = os.fork()\n"
                + "        if pid == 0:\n            hog = bytearray(400 << 20)\n            for j in range(0, len(hog), 4096):\n"
                + "                hog[j] = 1\n            os._exit(0)\n        kids.append(pid)\n    for pid in kids:\n"
                + "        os.waitpid(pid, 0)\n    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n```");
        assertEquals(List.of("compile-error", "assertion-failed", "runtime-error", "runtime-error", "runtime-error", "no-code", "memory-limit"),
                rules("humaneval", answers));
    }

    @Test
    void javaOutcomes() {
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("compile", "```java\nPROMPT        return notAVariable;\n    }\n}\n```");
        answers.put("wrong", "```java\nPROMPT        return false;\n    }\n}\n```");
        answers.put("exception", "```java\nPROMPT        throw new IllegalStateException(\"no\");\n    }\n}\n```");
        answers.put("early-exit", "```java\nPROMPT        System.exit(0);\n        return true;\n    }\n}\n```");
        answers.put("memory", "```java\nPROMPT        java.util.List<long[]> hog = new java.util.ArrayList<>();\n"
                + "        while (true) { hog.add(new long[1 << 24]); }\n    }\n}\n```");
        answers.put("loop", "```java\nPROMPT        while (numbers != null) { threshold++; }\n        return true;\n    }\n}\n```");
        assertEquals(List.of("compile-error", "assertion-failed", "runtime-error", "runtime-error", "memory-limit", "timeout"),
                rules("humaneval-java", answers));
    }
}
