package org.gapbench.score.choice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChoiceScorerTest {
    private static final List<Object> CHOICES = List.of("屋外", "水中", "万年筆", "屋内");
    private final ChoiceScorer scorer = new ChoiceScorer(ChoiceScorer.Options.DEFAULT);

    private Score score(String response) {
        return scorer.score(new Item("1", Map.of("answer", "B", "choices", CHOICES)), new ModelOutput(response, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"B", "(B)", "Ｂ", "答え：B", "答案是B", "正解は B です。", "水中", "B. 水中",
            "考えてみると、水中で泳ぐ魚が正しいので、答えはBです。", "水中\n水中", "【B】", "答案：（B）"})
    void findsTheLetterInRealOutputs(String response) {
        Score s = score(response);
        assertEquals(1.0, s.value(), response + " -> " + s.rule());
        assertEquals("B", s.normalized());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"答えはAかBです|ambiguous", "A or B|ambiguous", "AとCで迷いますが…|ambiguous",
            "わかりません|no-answer", "''|no-answer", "屋外と水中|ambiguous"})
    void refusesAmbiguousOrMissingAnswers(String response, String rule) {
        Score s = score(response == null ? "" : response);
        assertEquals(0.0, s.value());
        assertNull(s.normalized());
        assertEquals(rule, s.rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C", "答え: C", "万年筆"})
    void wrongLetterIsWrongWithTheLetterRecorded(String response) {
        Score s = score(response);
        assertEquals(0.0, s.value());
        assertEquals("C", s.normalized());
    }
}
