package org.gapbench.score.ja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.score.JudgeClients;
import org.gapbench.score.JudgeException;
import org.gapbench.score.JudgeVerdict;
import org.gapbench.score.ModelCall;
import org.gapbench.score.judge.RatingAsk;
import org.gapbench.score.judge.RatingRule;

/**
 * Optional LLM judges for reply items, Japanese MT-Bench style: each judge rates a reply 1–10 with reasons and
 * ends with {@code [[評価]]}, read by FastChat's rule ({@link RatingRule#FASTCHAT}). Two judges (one US, one Chinese)
 * expose judge bias. The judges never change a sample's value: their verdicts go to {@code details.judges} (the
 * standard form every judged suite uses, so the report's judge-bias table reads them) and to the separate
 * {@code judge_rating}/{@code judge_spread} metrics. The judge specs and {@code rubric_version} are scorer options
 * (replaced by {@code --judge}), so they are part of the suite hash and thus of the run identity; temperature is
 * always 0. Judges are reached through the run's {@link JudgeClients}: cached, retried, rate-limited and costed like
 * the model under test. A judge that fails, or whose text gives no rating in 3 asks, makes the sample an error
 * ({@link JudgeException}), never a low rating.
 */
final class RubricJudges {
    static final String RUBRIC_VERSION = "1";
    static final String PROMPT = "ja-customer-service-rubric-v" + RUBRIC_VERSION + " (gapbench)";
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
    private final String subject;

    private RubricJudges(List<Judge> judges, String subject) {
        this.judges = judges;
        this.subject = subject;
    }

    /** The judges named by option {@code judges} (model specs), or null when the suite asks for none. */
    static RubricJudges open(List<String> specs, String baseUrl, JudgeClients clients, String subject) {
        if (specs.isEmpty()) {
            return null;
        }
        List<Judge> judges = new ArrayList<>();
        for (String spec : specs) {
            judges.add(new Judge(spec, clients.open(spec, baseUrl, PARAMS)));
        }
        return new RubricJudges(judges, subject == null ? "model" : subject);
    }

    /**
     * Adds every judge's verdict to {@code details.judges}, the panel's mean rating as {@code judge_rating} and the
     * spread of the ratings (max − min, over 9) as {@code judge_spread}; returns the calls made.
     *
     * @throws JudgeException when a judge could not be asked, failed or gave no rating
     */
    List<ModelCall> rate(Item item, String reply, Map<String, Object> details) {
        List<Message> messages = List.of(Message.system(SYSTEM), Message.user(RUBRIC.formatted(item.text("customer"), reply)));
        Item key = new Item(subject + "/" + item.id() + "/1", item.fields());
        List<ModelCall> calls = new ArrayList<>();
        List<JudgeVerdict> verdicts = new ArrayList<>();
        for (Judge j : judges) {
            verdicts.add(RatingAsk.ask(j.spec(), j.client(), key, messages, PARAMS, RatingRule.FASTCHAT, 1, 10, PROMPT, 1, calls));
        }
        details.put("judges", verdicts.stream().map(JudgeVerdict::toMap).toList());
        double max = verdicts.stream().mapToDouble(JudgeVerdict::rating).max().orElseThrow();
        double min = verdicts.stream().mapToDouble(JudgeVerdict::rating).min().orElseThrow();
        details.put("judge_rating", verdicts.stream().mapToDouble(JudgeVerdict::rating).average().orElseThrow());
        details.put("judge_spread", (max - min) / 9.0);
        return calls;
    }
}
