package org.gapbench.score.ja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.dataset.Item;
import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.score.JudgeClients;
import org.gapbench.score.JudgeException;
import org.gapbench.score.ModelCall;

/**
 * Optional LLM judges for reply items, Japanese MT-Bench style: each judge rates a reply 1–10 with reasons and
 * ends with {@code [[評価]]}. Two judges (one US, one Chinese) expose judge bias. The judges never change a
 * sample's value: their ratings go to the details ({@code judge:<model>}) and to the separate
 * {@code judge_score}/{@code judge_spread} metrics. The judge specs and {@code rubric_version} are scorer options,
 * so they are part of the suite hash and thus of the run identity; temperature is always 0. Judges are reached through
 * the run's {@link JudgeClients}: cached, retried, rate-limited and costed like the model under test. A judge that
 * fails makes the sample an error ({@link JudgeException}), never a low rating.
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

    static final GenerationParams PARAMS = new GenerationParams(0.0, 1024, null, null);

    private record Judge(String spec, ChatClient client) {
    }

    private final List<Judge> judges;

    private RubricJudges(List<Judge> judges) {
        this.judges = judges;
    }

    /** The judges named by option {@code judges} (model specs), or null when the suite asks for none. */
    static RubricJudges open(List<String> specs, String baseUrl, JudgeClients clients) {
        if (specs.isEmpty()) {
            return null;
        }
        List<Judge> judges = new ArrayList<>();
        for (String spec : specs) {
            judges.add(new Judge(spec, clients.open(spec, baseUrl, PARAMS)));
        }
        return new RubricJudges(judges);
    }

    /**
     * Adds {@code judge:<spec>} = {rating, reasons, model} per judge to {@code details}, and returns the calls made.
     *
     * @throws JudgeException when a judge could not be asked or failed
     */
    List<ModelCall> rate(Item item, String reply, Map<String, Object> details) {
        List<Message> messages = List.of(Message.system(SYSTEM), Message.user(RUBRIC.formatted(item.text("customer"), reply)));
        List<Integer> ratings = new ArrayList<>();
        List<ModelCall> calls = new ArrayList<>();
        for (Judge j : judges) {
            ModelResponse r;
            try {
                r = j.client().complete(new ModelRequest(item, messages, PARAMS, 0));
            } catch (ModelCallException e) {
                throw new JudgeException(j.spec(), e);
            }
            calls.add(ModelCall.of(j.spec(), r));
            String text = r.text();
            Matcher m = RATING.matcher(text);
            Integer rating = null;
            while (m.find()) {
                rating = Integer.parseInt(m.group(1));
            }
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("rating", rating);
            verdict.put("reasons", text.length() <= 600 ? text : text.substring(0, 600) + "…");
            details.put("judge:" + j.spec(), verdict);
            if (rating != null) {
                ratings.add(rating);
            }
        }
        if (!ratings.isEmpty()) {
            details.put("judge_score", ratings.stream().mapToInt(Integer::intValue).average().orElseThrow() / 10.0);
            details.put("judge_spread", (ratings.stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - ratings.stream().mapToInt(Integer::intValue).min().orElseThrow()) / 9.0);
        }
        return calls;
    }
}
