package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * When a response has boxes, a closing phrase overrules them only if it comes after the last {@code \boxed}: the
 * extractor looks for the phrase in that tail alone, and these cases pin that it finds what a whole-text search found.
 */
class AnswerExtractorTest {

    private static AnswerExtractor.Extraction extract(String response) {
        return AnswerExtractor.extract(response, false);
    }

    @Test
    void aPhraseBeforeTheBoxLeavesTheBox() {
        AnswerExtractor.Extraction e = extract("Adding the units, then the tens. The answer is \\boxed{157}.");
        assertEquals("157", e.text());
        assertEquals("boxed", e.step());
    }

    @Test
    void aPhraseAfterTheLastBoxOverrulesIt() {
        AnswerExtractor.Extraction e = extract("First \\boxed{12} for the tens, then \\boxed{3}.\nFinal answer: 15");
        assertEquals("15", e.text());
        assertEquals("marker", e.step());
        assertEquals(true, e.reachesEnd());
    }

    @Test
    void aPhraseBetweenBoxesLeavesTheLastBox() {
        AnswerExtractor.Extraction e = extract("\\boxed{12} so the answer is 13, checking again: \\boxed{14}");
        assertEquals("14", e.text());
        assertEquals("boxed", e.step());
    }

    @Test
    void overlappingPhrasesAfterTheBoxGiveTheOneThatStartsLast() {
        AnswerExtractor.Extraction e = extract("\\boxed{2} was a step. Final Answer: The final answer is 7");
        assertEquals("7", e.text());
        assertEquals("marker", e.step());
    }

    @Test
    void aPhraseWithoutANumberAfterTheBoxLeavesTheBox() {
        AnswerExtractor.Extraction e = extract("\\boxed{9}\nThe answer is above.");
        assertEquals("9", e.text());
        assertEquals("boxed", e.step());
    }

    @Test
    void withOnlyAnFboxAnyPhraseCounts() {
        // \fbox is a box, but the marker rule measures from the last "\boxed", so a phrase anywhere may overrule it
        AnswerExtractor.Extraction e = extract("The answer is 5 here. \\fbox{6}");
        assertEquals("marker", e.step());
        assertEquals("5 here. \\fbox{6}", e.text());
    }

    @Test
    void aPhraseRightAfterTheBoxMarkerIsSeen() {
        AnswerExtractor.Extraction e = extract("\\boxed{1}answer: 2");
        assertEquals("2", e.text());
        assertEquals("marker", e.step());
    }
}
