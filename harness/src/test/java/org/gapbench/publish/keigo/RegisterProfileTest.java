package org.gapbench.publish.keigo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gapbench.keigo.KeigoAnalyzer;
import org.gapbench.keigo.RegisterJudge;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;

class RegisterProfileTest {
    private final RegisterJudge judge = new RegisterJudge(KeigoAnalyzer.shared());

    @Test
    void profilesPoliteAndPlainAnswersApart() {
        var answers = new RecordedAnswers.ModelAnswers("test", "m", List.of(
                "ご質問ありがとうございます。東京の人口は約1400万人です。",
                "東京の人口は約1400万人だ。覚えておくといい。",
                "```python\nprint(1)\n```\n上のコードで表示できます。"));
        var p = RegisterProfile.of(answers, new ModelOrigins.Origin("m", "org", "US"), judge);
        assertEquals(3, p.answers());
        assertEquals(2 / 3.0, p.fullyPolite().value(), 1e-9);
        assertEquals(3 / 5.0, p.politeEndingShare(), 1e-9);
        assertTrue(p.fullyPolite().low() <= p.fullyPolite().value() && p.fullyPolite().value() <= p.fullyPolite().high());
    }

    @Test
    void everyRecordedJapaneseModelHasAStatedOrigin() {
        ModelOrigins origins = ModelOrigins.load(TestSupport.home().resolve("datasets/recorded-model-origins.csv"));
        var all = RecordedAnswers.read(TestSupport.dataDir());
        assertEquals(50, all.size());
        for (var m : all) {
            assertTrue(origins.knows(m.file()), "no row for " + m.file() + " in recorded-model-origins.csv");
            assertTrue(!m.answers().isEmpty(), m.file());
        }
        assertEquals("CN", origins.of("deepseek-ai_deepseek-llm-7b-chat").country());
        assertEquals("US", origins.of("gpt-4o").country());
    }
}
