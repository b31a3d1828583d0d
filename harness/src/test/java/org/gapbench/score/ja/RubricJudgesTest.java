package org.gapbench.score.ja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gapbench.bench.LocalOpenAiServer;
import org.gapbench.dataset.Item;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.ScorerConfig;
import org.junit.jupiter.api.Test;

/** Two LLM judges over real HTTP: their ratings land in the details and never change the headline value. */
class RubricJudgesTest {
    @Test
    void judgesRateRepliesBesideTheKeigoScore() {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(new LocalOpenAiServer.Config(Duration.ZERO, Duration.ZERO, 0,
                req -> req.path("model").asText().equals("judge-us") ? "丁寧で、お客様の意図もくみ取っています。[[8]]"
                        : "敬語は正しいが、解決策が弱い。[[5]]"))) {
            ScorerConfig config = new ScorerConfig("ja-customer-service", Map.of(
                    "judges", List.of("openai-compatible:judge-us", "openai-compatible:judge-cn"), "judge_base_url", server.baseUrl()));
            Item item = new Item("reply-001", Map.of("kind", "reply", "register", "honorific", "customer", "返品したいです。"));
            String reply = "ご連絡いただき、ありがとうございます。返品を承ります。";
            Score judged = new CustomerServiceScorer(config).score(item, new ModelOutput(reply, null));
            Score plain = new CustomerServiceScorer(new ScorerConfig("ja-customer-service", Map.of())).score(item, new ModelOutput(reply, null));
            assertEquals(plain.value(), judged.value(), 1e-9, "judges stay out of the headline value");
            assertEquals(0.65, (double) judged.details().get("judge_score"), 1e-9);
            assertEquals(3 / 9.0, (double) judged.details().get("judge_spread"), 1e-9);
            assertEquals(8, ((Map<?, ?>) judged.details().get("judge:openai-compatible:judge-us")).get("rating"));
            assertTrue(String.valueOf(judged.details().get("judge:openai-compatible:judge-cn")).contains("解決策"));
            assertEquals(2, server.requests());
        }
    }
}
