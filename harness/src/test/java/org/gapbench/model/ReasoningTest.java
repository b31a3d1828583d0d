package org.gapbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Reasoning#split}, and its path for texts without an opening tag, which must give what the two patterns give. */
class ReasoningTest {
    private static final String[] PROVIDER_REASONING = {null, "", "provider thought"};

    @Test
    void splitsClosedAndUnclosedTagsAndKeepsProviderReasoningFirst() {
        assertArrayEquals(new String[] {"42", "a\nb"}, Reasoning.split("<think> a </think>4<reasoning>b</reasoning>2", null));
        assertArrayEquals(new String[] {"answer", "p\nsteps"}, Reasoning.split("<thinking>steps</thinking>\n answer ", "p"));
        assertArrayEquals(new String[] {"", "cut off"}, Reasoning.split("  <think>cut off", null));
        assertArrayEquals(new String[] {"", null}, Reasoning.split(null, null));
        assertArrayEquals(new String[] {"", ""}, Reasoning.split(null, ""), "no text: the provider's reasoning as it came");
    }

    @Test
    void aTextWithoutTagsIsKeptAsItIsAndEmptyReasoningIsNull() {
        assertArrayEquals(new String[] {" 42 \n", null}, Reasoning.split(" 42 \n", null), "not stripped");
        assertArrayEquals(new String[] {"42", null}, Reasoning.split("42", ""));
        assertArrayEquals(new String[] {"42", "p"}, Reasoning.split("42", "p"));
        assertArrayEquals(new String[] {"", null}, Reasoning.split("", null));
    }

    @Test
    void nearMissesOfATagHaveNone() {
        for (String s : List.of("", "x < y", "<", "a<", "<think", "<Think>", "< think>", "<think >", "<thinker>", "</think>",
                "<thinkin>", "<reason>", "<reasoning", "List<Integer>", "<b>bold</b>", "<<think")) {
            assertFalse(Reasoning.hasOpeningTag(s), s);
        }
        for (String s : List.of("<think>", "<thinking>", "<reasoning>", "a<<think>", "x < y <reasoning>z")) {
            assertTrue(Reasoning.hasOpeningTag(s), s);
        }
    }

    @Test
    void splitEqualsTheTwoPatternsOnTextsWithAndWithoutTags() {
        String[] pieces = {"<", ">", "/", "<think>", "</think>", "<thinking>", "</thinking>", "<reasoning>", "</reasoning>",
                "<think", "think>", "<Think>", "< think>", "List<Integer>", "x < y", " ", "\n", "\t", "42", "\\boxed{7}", "é", "😀"};
        List<String> texts = new ArrayList<>();
        Random random = new Random(19);
        for (int i = 0; i < 20000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(8);
            for (int j = 0; j < n; j++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            texts.add(b.toString());
        }
        int withoutTag = 0;
        for (String text : texts) {
            withoutTag += Reasoning.hasOpeningTag(text) ? 0 : 1;
            for (String provider : PROVIDER_REASONING) {
                String[] expected = Reasoning.splitTags(text, provider);
                String[] actual = Reasoning.split(text, provider);
                assertArrayEquals(expected, actual, () -> Arrays.toString(new String[] {text, provider}));
            }
        }
        assertTrue(withoutTag > 1000 && withoutTag < texts.size() - 1000, "both paths are exercised: " + withoutTag);
    }
}
