package org.gapbench.score.judge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.dataset.Item;
import org.gapbench.model.Message;

/**
 * The prompts for a turn after the first. Japanese MT-Bench ships only first-turn judge prompts; gapbench follows
 * FastChat's {@code single-v1-multi-turn} (and its math variant): the upstream instruction, one sentence of ours
 * asking to judge the answer to the latest question, and the whole conversation (with the reference's, when there is
 * one). Only that sentence and the frame are gapbench's text; the instruction is read from the upstream prompt, and
 * the prompt is named {@code <upstream>-multi-turn (gapbench)} in every verdict.
 */
final class JudgePrompts {
    static final String FOCUS = "会話の最後のユーザーの質問に対するアシスタントの回答を評価してください。";

    private JudgePrompts() {
    }

    /** The messages of one ask: the system prompt (none when the prompt has none) and the filled template. */
    static List<Message> messages(JudgePrompt p, Message user) {
        return p.system() == null || p.system().isEmpty() ? List.of(user) : List.of(Message.system(p.system()), user);
    }

    /** The prompt for {@code turn}: the upstream one for turn 1, else its multi-turn form. */
    static JudgePrompt forTurn(JudgePrompt upstream, int turn, boolean reference) {
        if (turn == 1) {
            return upstream;
        }
        String template = upstream.template();
        int frame = template.indexOf("\n\n[");
        String instruction = (frame < 0 ? template : template.substring(0, frame)).strip();
        StringBuilder b = new StringBuilder(instruction).append('\n').append(FOCUS).append("\n\n");
        if (reference) {
            b.append("[参考回答の開始]\n");
            for (int t = 1; t <= turn; t++) {
                b.append("\n### ユーザー:\n{question_").append(t).append("}\n\n### 参考回答:\n{ref_answer_").append(t).append("}\n");
            }
            b.append("\n[参考回答の終了]\n\n");
        }
        b.append("[アシスタントとユーザーの会話の開始]\n");
        for (int t = 1; t <= turn; t++) {
            b.append("\n### ユーザー:\n{question_").append(t).append("}\n\n### アシスタント:\n{answer_").append(t).append("}\n");
        }
        b.append("\n[アシスタントとユーザーの会話の終了]");
        return new JudgePrompt(upstream.name() + "-multi-turn (gapbench)", upstream.system(), b.toString(), "gapbench + " + upstream.source());
    }

    /**
     * The placeholder values for judging {@code turn}: FastChat's names, {@code question}/{@code answer} for the
     * first turn and {@code question_n}/{@code answer_n}/{@code ref_answer_n} for every turn; the item's own fields
     * under their names (gpt4-autoeval's {@code {eval_aspect}}); the first answer also as {@code answerName}.
     */
    static Map<String, String> values(Item item, String answerName, List<String> questions, List<String> answers, List<String> references,
                                      int turn) {
        Map<String, String> v = new HashMap<>();
        item.fields().keySet().forEach(k -> v.put(k, item.text(k)));
        v.put("question", questions.get(0));
        v.put(answerName, answers.get(0));
        for (int t = 1; t <= turn; t++) {
            v.put("question_" + t, questions.get(t - 1));
            v.put("answer_" + t, answers.get(t - 1));
            if (t <= references.size()) {
                v.put("ref_answer_" + t, references.get(t - 1));
            }
        }
        return v;
    }
}
