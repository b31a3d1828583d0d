package org.gapbench.score.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.suite.ScorerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptProfileTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "このたびはご迷惑をおかけし、申し訳ございません。|ja",
            "这个问题的答案是十八，因为她每天卖出九个鸡蛋。|zh-Hans",
            "這個問題的答案是十八，因為她每天賣出九個雞蛋。|zh-Hant",
            "答案是十八|zh",
            "The answer is 18 because she sells nine eggs.|latin",
            "Ответ: \\boxed{18}, потому что она продаёт девять яиц.|ru",
            "答えは \\boxed{18} です。|ja",
            "B|none",
            "```python\\nprint(hello world)\\n```\\nこれで動きます。|ja"})
    void detectsTheLanguageFromItsScripts(String text, String language) {
        assertEquals(language, ScriptProfile.detect(text.replace("\\n", "\n")));
    }

    @Test
    void chineseStandardsAndJapaneseAreTold() {
        assertTrue(ScriptProfile.matches("zh", "zh-Hant"));
        assertTrue(ScriptProfile.matches("zh-Hans", "zh"));
        assertFalse(ScriptProfile.matches("zh-Hans", "zh-Hant"));
        assertFalse(ScriptProfile.matches("ja", "zh-Hans"));
        assertTrue(ScriptProfile.matches("de", "latin"));
        assertFalse(ScriptProfile.matches("ru", "latin"));
    }

    @Test
    void registryWrapsScorersThatExpectALanguage() {
        var scorer = ScoringPlan.scorer(new ScorerConfig("choice", Map.of("expect_language", "ja")), new ScoringContext(false, 1, null, null));
        Item item = new Item("1", Map.of("answer", "A", "choices", java.util.List.of("はい", "いいえ")));
        Score english = scorer.score(item, new ModelOutput("The answer is A, because it is the first option.", null));
        assertEquals(1.0, english.value(), "the verdict itself is unchanged");
        assertEquals("latin", english.details().get("language"));
        assertEquals(false, english.details().get("language_ok"));
        Score bare = scorer.score(item, new ModelOutput("A", null));
        assertNull(bare.details().get("language_ok"), "a bare letter cannot be judged");
        var plain = ScoringPlan.scorer(new ScorerConfig("choice", Map.of()), new ScoringContext(false, 1, null, null));
        assertFalse(plain.score(item, new ModelOutput("A", null)).details().containsKey("language"));
    }
}
