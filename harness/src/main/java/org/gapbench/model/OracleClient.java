package org.gapbench.model;

import org.gapbench.suite.PromptTemplate;

/** Answers every item with the suite's oracle template: a perfect model. Every suite must score 100% with it. */
final class OracleClient implements ChatClient {
    private final String template;

    OracleClient(String template) {
        this.template = template;
    }

    @Override
    public ModelResponse complete(ModelRequest request) {
        return ModelResponse.ofText(PromptTemplate.renderText(template, request.item()));
    }

    @Override
    public boolean local() {
        return true;
    }
}
