package org.gapbench.score.ja;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.model.Catalog;
import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelTarget;
import org.gapbench.run.Evaluation;
import org.gapbench.score.ScorerConfig;

/**
 * Optional LLM judges for reply items, Japanese MT-Bench style: each judge rates a reply 1–10 with reasons and
 * ends with {@code [[評価]]}. Two judges (one US, one Chinese) expose judge bias. The judges never change a
 * sample's value: their ratings go to the details ({@code judge:<model>}) and to the separate
 * {@code judge_score}/{@code judge_spread} metrics. The judge specs and {@code rubric_version} are scorer options,
 * so they are part of the suite hash and thus of the run identity; temperature is always 0.
 */
final class RubricJudges {
    static final String RUBRIC_VERSION = "1";
    private static final Pattern RATING = Pattern.compile("\\[\\[\\s*(10|[1-9])\\s*]]");
    private static final String SYSTEM = "あなたは日本の小売店のカスタマーサポート応対を評価する公平な審査員です。";
    private static final String RUBRIC = """
            次のお客様のメッセージに対する担当者の返信を、以下の観点で評価してください。
            (1) お客様との関係に合った丁寧さ（敬語のレベル） (2) 尊敬語と謙譲語の向き（お客様の行為を高め、店側の行為をへりくだる）
            (3) 二重敬語などの誤用がないこと (4) お客様の言外の意図をくみ取っていること (5) 問題の解決に役立つこと
            まず理由を簡潔に述べ、最後に1〜10の整数で「[[評価]]」の形式（例: [[7]]）で評価を出力してください。

            お客様: %s

            担当者の返信:
            %s
            """;

    private record Judge(String spec, ChatClient client) {
    }

    private final List<Judge> judges;

    private RubricJudges(List<Judge> judges) {
        this.judges = judges;
    }

    /** The judges named by option {@code judges} (model specs), or null when the suite asks for none. */
    static RubricJudges fromConfig(ScorerConfig config) {
        List<String> specs = config.strings("judges");
        if (specs.isEmpty()) {
            return null;
        }
        String version = config.string("rubric_version", RUBRIC_VERSION);
        if (!version.equals(RUBRIC_VERSION)) {
            throw new IllegalArgumentException("rubric_version " + version + " is not this harness's rubric (" + RUBRIC_VERSION + ")");
        }
        String baseUrl = config.string("judge_base_url", null);
        GenerationParams params = new GenerationParams(0.0, 1024, null, null);
        List<Judge> judges = new ArrayList<>();
        for (String spec : specs) {
            ModelTarget target = ModelTarget.resolve(spec, Catalog.empty(), baseUrl, null, null);
            judges.add(new Judge(spec, target.open(params, null, Evaluation.http(), Duration.ofSeconds(120))));
        }
        return new RubricJudges(judges);
    }

    /** Adds {@code judge:<spec>} = {rating, reasons} or {error} per judge to {@code details}. */
    void rate(Item item, String reply, Map<String, Object> details) {
        List<Message> messages = List.of(Message.system(SYSTEM), Message.user(RUBRIC.formatted(item.text("customer"), reply)));
        List<Integer> ratings = new ArrayList<>();
        for (Judge j : judges) {
            Map<String, Object> verdict = new LinkedHashMap<>();
            try {
                String text = j.client().complete(new ModelRequest(item, messages, null, 0)).text();
                Matcher m = RATING.matcher(text);
                Integer rating = null;
                while (m.find()) {
                    rating = Integer.parseInt(m.group(1));
                }
                verdict.put("rating", rating);
                verdict.put("reasons", text.length() <= 600 ? text : text.substring(0, 600) + "…");
                if (rating != null) {
                    ratings.add(rating);
                }
            } catch (ModelCallException e) {
                // A judge that failed is recorded as such, never as a low rating.
                verdict.put("error", e.errorClass() + ": " + e.getMessage());
            }
            details.put("judge:" + j.spec(), verdict);
        }
        if (!ratings.isEmpty()) {
            details.put("judge_score", ratings.stream().mapToInt(Integer::intValue).average().orElseThrow() / 10.0);
            details.put("judge_spread", (ratings.stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - ratings.stream().mapToInt(Integer::intValue).min().orElseThrow()) / 9.0);
        }
    }
}
