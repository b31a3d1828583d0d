package org.gapbench.model.provider;

import java.util.function.Function;
import org.gapbench.dataset.Item;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;

/** Answers every item with the suite's oracle answer: a perfect model. Every suite must score 100% with it. */
final class OracleClient implements ChatClient {
    private final Function<Item, String> answer;

    OracleClient(Function<Item, String> answer) {
        this.answer = answer;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        return ModelResponse.ofText(answer.apply(request.item()));
    }

    @Override
    public boolean local() {
        return true;
    }
}
