package org.gapbench.publish.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gapbench.config.ConfigException;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryImporterTest {
    private static final Path HOME = TestSupport.home();

    /** The committed table is exactly what an import of the mirror gives, so nobody hand-edits published numbers. */
    @Test
    void committedTableIsReproducibleFromTheMirror(@TempDir Path tmp) throws Exception {
        HistoryTable table = HistoryImporter.importFrom(TestSupport.dataDir());
        table.write(tmp);
        assertEquals(Files.readString(HOME.resolve("datasets/history").resolve(HistoryTable.SCORES)), Files.readString(tmp.resolve(HistoryTable.SCORES)));
        HistoryTable loaded = HistoryTable.load(tmp.resolve(HistoryTable.SCORES));
        assertEquals(table.rows().size(), loaded.rows().size());
        assertTrue(loaded.benchmarks().containsAll(List.of("eci", "lmarena-text", "mmlu", "gsm8k", "math", "humaneval", "gpqa-diamond")));
        for (HistorySource s : loaded.sources()) {
            assertTrue(!s.license().isBlank() && !s.attribution().isBlank(), "every source names its licence and attribution: " + s.key());
        }
    }

    @Test
    void corruptMirrorFileIsRefused(@TempDir Path tmp) throws Exception {
        Path lm = Files.createDirectories(tmp.resolve("history/lmarena"));
        Files.writeString(lm.resolve("organization_country.csv"), "organization,country,basis\nOpenAI,United States of America,x\n");
        Files.writeString(lm.resolve("lmarena_text_leaderboard_history.csv"), "leaderboard_version,commit_date,source_file,source_commit,"
                + "rank,rank_stylectrl,model,arena_score,ci_95,votes,organization,license,knowledge_cutoff\n"
                + "2025.01.02,2025-01-02,f,c,1,,m,1300,+3/-3,100,OpenAI,Proprietary,\n");
        Files.writeString(tmp.resolve("history/SHA256SUMS"), "0000000000000000000000000000000000000000000000000000000000000000  lmarena/organization_country.csv\n");
        ConfigException e = assertThrows(ConfigException.class, () -> HistoryImporter.importFrom(tmp));
        assertTrue(e.oneLine().contains("sha256"), e.oneLine());
    }

    @Test
    void badRowsNameTheirFileAndLine(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve(HistoryTable.SOURCES), String.join(",", HistorySource.COLUMNS) + "\ns,p,t,u,o,l,a\n");
        Files.writeString(tmp.resolve(HistoryTable.SCORES), String.join(",", HistoryRow.COLUMNS) + "\n"
                + "m,o,US,2024-01-01,yes,,eci,120,third-party,s,\n"
                + "m,o,US,2024-13-01,yes,,eci,120,third-party,s,\n");
        ConfigException e = assertThrows(ConfigException.class, () -> HistoryTable.load(tmp.resolve(HistoryTable.SCORES)));
        assertTrue(e.oneLine().startsWith(tmp.resolve(HistoryTable.SCORES) + ":3: "), e.oneLine());
    }

    @Test
    void countriesFollowEpochsRule() {
        assertEquals("CN", Countries.code("United States of America,China"));
        assertEquals("US", Countries.code("United States of America,United Kingdom of Great Britain and Northern Ireland"));
        assertEquals("CN", Countries.code("Hong Kong,China"));
        assertEquals("FR", Countries.code("France"));
        assertEquals("", Countries.code(""));
    }
}
