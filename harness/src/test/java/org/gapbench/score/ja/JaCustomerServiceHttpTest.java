package org.gapbench.score.ja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gapbench.io.Json;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model served over real HTTP that answers every customer in plain form and always picks A: the reply items
 * score 0 with the plain endings as evidence, the implicature items score exactly the share whose gold is A.
 */
class JaCustomerServiceHttpTest {
    @TempDir
    Path tmp;

    @Test
    void aCurtModelIsScoredDownWithEvidence() throws Exception {
        try (ProviderServer server = ProviderServer.builder().answer(ProviderServer.onBody(JaCustomerServiceHttpTest::curtModel)).start()) {
            TestSupport.Cli r = TestSupport.gapbench("run", "--suite", "ja-customer-service", "--model", "openai-compatible:curt", "--base-url",
                    server.baseUrl(), "--out", tmp.toString(), "--no-cache", "--progress", "none", "--max-attempts", "1",
                    "--data-dir", TestSupport.dataDir().toString());
            assertEquals(0, r.exit(), r::toString);
        }
        JsonNode summary = Json.MAPPER.readTree(Files.readString(tmp.resolve("summary.json")));
        JsonNode kind = summary.path("breakdowns").path("kind");
        assertEquals(0.0, kind.path("reply").path("metrics").path("accuracy").path("value").asDouble(), 1e-9);
        assertEquals(12 / 48.0, kind.path("implicature").path("metrics").path("accuracy").path("value").asDouble(), 1e-9);
        assertEquals(0.0, summary.path("metrics").path("register_pass_rate").path("value").asDouble(), 1e-9);
        assertEquals(1.0, summary.path("metrics").path("language_fidelity").path("value").asDouble(), 1e-9);
        String reply = Files.readAllLines(tmp.resolve("samples.jsonl")).stream().filter(l -> l.contains("\"reply-001\"")).findFirst().orElseThrow();
        JsonNode details = Json.MAPPER.readTree(reply).path("score").path("details");
        assertTrue(details.path("violations").toString().contains("plain-ending"), details.toString());
        assertEquals(2, details.path("plain_endings").size(), details.toString());
    }

    private static String curtModel(JsonNode request) {
        JsonNode messages = request.path("messages");
        String user = messages.get(messages.size() - 1).path("content").asText();
        return user.contains("記号（A〜D）") ? "答え: A" : "それは無理だね。あとで連絡して。";
    }
}
