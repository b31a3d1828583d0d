package org.gapbench.score.math;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.io.JsonLines;
import org.gapbench.testing.TestSupport;

/** The recorded generations (with publishers' verdicts) in the data mirror that the replay tests read. */
final class Recorded {
    private Recorded() {
    }

    static Path recorded(String dir) {
        return TestSupport.dataDir().resolve("recorded").resolve(dir);
    }

    static List<JsonNode> jsonl(Path file) {
        List<JsonNode> out = new ArrayList<>();
        JsonLines.forEach(file, (line, record) -> out.add(record));
        return out;
    }
}
