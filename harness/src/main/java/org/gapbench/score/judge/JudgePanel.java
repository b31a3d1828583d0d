package org.gapbench.score.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.Item;
import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ModelTarget;
import org.gapbench.score.JudgeException;
import org.gapbench.score.ModelCall;
import org.gapbench.score.ScoringContext;

/**
 * What every judged scorer shares: the judges (opened on the run's road), the judge prompts read from their dataset,
 * the model that gives reference answers, and the judges' generation settings (temperature 0). Scorers differ only in
 * what they ask and how they read the answer.
 */
final class JudgePanel {
    record Judge(String spec, ChatClient client) {
    }

    private final List<Judge> judges = new ArrayList<>();
    private final Map<String, JudgePrompt> prompts = new HashMap<>();
    private final String promptDataset;
    private final String referenceSpec;
    private final ChatClient reference;
    private final GenerationParams params;
    private final String subject;

    private final ScoringContext context;
    private final String baseUrl;

    JudgePanel(JudgeSetup setup, ScoringContext context) {
        List<String> judgeSpecs = setup.judges();
        String baseUrl = setup.judgeBaseUrl();
        String promptDataset = setup.prompts();
        String referenceSpec = setup.reference();
        this.context = context;
        this.baseUrl = baseUrl;
        if (judgeSpecs.isEmpty()) {
            throw new ConfigException("this suite is judged by models: name them with --judge MODEL[,MODEL] (or 'judges' in the suite)");
        }
        this.promptDataset = promptDataset;
        for (Item i : context.data().items(promptDataset)) {
            prompts.put(i.id(), JudgePrompt.of(i, promptDataset));
        }
        this.params = new GenerationParams(0.0, setup.judgeMaxTokens(), null, null);
        for (String spec : judgeSpecs) {
            judges.add(new Judge(spec, context.judges().open(spec, baseUrl, params)));
        }
        this.referenceSpec = referenceSpec;
        this.reference = referenceSpec == null ? null : context.judges().open(referenceSpec, baseUrl, params);
        this.subject = context.subject() == null ? "model" : context.subject();
    }

    GenerationParams params() {
        return params;
    }

    List<Judge> judges() {
        return judges;
    }

    /** The name a judge knows the model under test by (the key of a replay judge's recordings). */
    String subject() {
        return subject;
    }

    JudgePrompt prompt(String name) {
        JudgePrompt p = prompts.get(name);
        if (p == null) {
            throw new ConfigException("judge prompt '" + name + "' is not in dataset " + promptDataset + " (it has " + prompts.keySet() + ")");
        }
        return p;
    }

    /**
     * The answer of {@code model} (a reference, a baseline) to each of {@code questions}, asked as one conversation of
     * its own answers; the calls are added to {@code calls}.
     */
    List<String> answers(ChatClient model, String spec, Item item, List<String> questions, List<ModelCall> calls) {
        List<String> out = new ArrayList<>();
        List<Message> conversation = new ArrayList<>();
        for (String q : questions) {
            conversation.add(Message.user(q));
            ModelResponse r;
            try {
                r = model.complete(new ModelRequest(item, List.copyOf(conversation), params, 0));
            } catch (ModelCallException e) {
                throw new JudgeException(spec, e);
            }
            calls.add(ModelCall.of(spec, r));
            out.add(r.text());
            conversation.add(Message.assistant(r.text()));
        }
        return out;
    }

    /** The reference answers to {@code questions} (none when the suite names no reference model). */
    List<String> references(Item item, List<String> questions, List<ModelCall> calls) {
        return reference == null ? List.of() : answers(reference, referenceSpec + " (reference)", item, questions, calls);
    }

    /** Opens another model on the run's road with the judges' endpoint and settings (a pairwise baseline). */
    ChatClient openOther(String spec) {
        return context.judges().open(spec, baseUrl, params);
    }

    /** One ask of judge {@code j}; a text {@code readable} rejects is not cached, so asking again reaches the judge. */
    ModelResponse ask(Judge j, Item key, List<Message> messages, int attempt, Predicate<String> readable, List<ModelCall> calls) {
        ModelResponse r;
        try {
            r = j.client().complete(new ModelRequest(key, messages, params, attempt, readable));
        } catch (ModelCallException e) {
            throw new JudgeException(j.spec(), e);
        }
        calls.add(ModelCall.of(j.spec(), r));
        return r;
    }

    /**
     * The name a judge knows a model by in a replay judge's keys: a recording's file name without its extension
     * ({@code replay:replays/ja-vicuna-qa/openai--text-davinci-003.yaml} is {@code openai--text-davinci-003}), else the spec.
     */
    static String nameOf(String spec) {
        return spec.startsWith("replay:") ? ModelTarget.recordingName(spec) : spec;
    }
}
