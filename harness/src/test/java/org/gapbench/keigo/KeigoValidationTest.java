package org.gapbench.keigo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the analyzer's published validation numbers (docs/keigo-scoring.md) on the mirrored KeiCOT and KeiCO
 * data, tightly enough that a rule change that loses agreement fails here.
 */
class KeigoValidationTest {
    static List<Item> keicotRows;
    static List<Item> keico;

    @BeforeAll
    static void load() {
        Path home = TestSupport.home();
        DatasetReader reader = new DatasetReader(TestSupport.store());
        keicotRows = reader.read(ManifestLoader.load(home.resolve("datasets/keicot.yaml")), "plain-in-plain");
        keico = reader.read(ManifestLoader.load(home.resolve("datasets/keico.yaml")), null);
    }

    @Test
    void keicotCorrectVersusErroneous() {
        var r = new KeigoValidation(KeigoAnalyzer.shared()).keicot(keicotRows);
        assertEquals(70, r.rows());
        // Published in docs/keigo-scoring.md; a rule change that loses one sentence fails here.
        assertEquals(69, r.honorificPassed(), r.misjudged().toString());
        assertEquals(70, r.errorFailed(), r.misjudged().toString());
        assertEquals(69, r.regularPlain(), r.misjudged().toString());
        assertEquals(139 / 140.0, r.correctVsErroneousAccuracy(), 1e-9);
    }

    @Test
    void keicoFlagsAndLevels() {
        var r = new KeigoValidation(KeigoAnalyzer.shared()).keico(keico);
        assertEquals(10007, r.sentences());
        double tol = 0.005;
        assertEquals(0.692, r.flags().get("sonkeigo").f1(), tol);
        assertEquals(0.484, r.flags().get("kenjogo").f1(), tol);
        assertEquals(0.625, r.flags().get("teineigo").f1(), tol);
        assertEquals(0.735, r.flags().get("sonkeigo").macroF1(), tol);
        assertEquals(0.705, r.flags().get("kenjogo").macroF1(), tol);
        assertEquals(0.764, r.flags().get("teineigo").macroF1(), tol);
        assertEquals(0.601, r.flagMacroF1(), tol);
        assertEquals(0.619, r.levelAccuracy(), tol);
        assertEquals(0.902, r.levelWithinOne(), tol);
        assertEquals(0.624, r.levelMacroF1(), tol);
    }
}
