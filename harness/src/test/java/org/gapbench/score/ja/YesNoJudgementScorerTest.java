package org.gapbench.score.ja;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YesNoJudgementScorerTest {
    private final YesNoJudgementScorer scorer = new YesNoJudgementScorer("gold");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "いいえ|いいえ|leading-yes-no:match",
            "「はい」|いいえ|leading-yes-no:differs",
            "はい。社長に対して正しい尊敬語を使っています。|いいえ|leading-yes-no:differs",
            "親友に敬語を使ってはいけないので、答えはいいえです。|いいえ|last-yes-no:match",
            "「はい」か「いいえ」で答えます。背景を考えると、はい|はい|last-yes-no:match"})
    void readsTheVerdict(String response, String gold, String rule) {
        Score s = scorer.score(new Item("1", Map.of("gold", gold)), new ModelOutput(response, null));
        assertEquals(rule, s.rule());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"適切だと思います", "してはいけません"})
    void noVerdictIsANoAnswer(String response) {
        assertEquals("no-answer", scorer.score(new Item("1", Map.of("gold", "はい")), new ModelOutput(response, null)).rule());
    }
}
