package org.gapbench.score.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-integer fast path of {@link LatexNormalizer#normalize} gives what the full normalisation gives. */
class LatexNormalizerTest {
    @Test
    void fastPathEqualsTheFullNormalisation() {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i <= 20000; i++) {
            inputs.add(Integer.toString(i));
            inputs.add(Integer.toString(-i));
        }
        Random random = new Random(19);
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "-" : "");
            int n = 1 + random.nextInt(40);
            for (int j = 0; j < n; j++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            inputs.add(b.toString());
        }
        inputs.addAll(List.of("0", "-0", "007", "00", "1000000000000000000000000"));
        for (String s : inputs) {
            assertTrue(LatexNormalizer.isPlainInteger(s), s);
            assertEquals(LatexNormalizer.normalizeFully(s), LatexNormalizer.normalize(s), s);
        }
    }

    @Test
    void anythingElseTakesTheFullPath() {
        for (String s : List.of("", "-", "--1", "+1", "1.", "1,000", " 12", "12 ", "١٢", "12%", "12₃", "1e3", "1/2", "３")) {
            assertFalse(LatexNormalizer.isPlainInteger(s), s);
            assertEquals(LatexNormalizer.normalizeFully(s), LatexNormalizer.normalize(s), s);
        }
    }
}
