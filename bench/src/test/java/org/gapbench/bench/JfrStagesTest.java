package org.gapbench.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribution rule: generic JDK frames go to their caller, a library stage is split by the gapbench frame under it. */
class JfrStagesTest {
    @Test
    void genericJdkFramesAreChargedToTheFirstKnownCaller() {
        assertArrayEquals(new String[] {"journal write (gapbench)", "journal write (gapbench)"},
                JfrStages.attribute(List.of("java.util.HashMap", "java.lang.String", "org.gapbench.results.Journal",
                        "org.gapbench.run.Runner")));
    }

    @Test
    void aLibraryStageNamesTheComponentThatCalledIt() {
        assertArrayEquals(new String[] {"JSON encode/decode (Jackson)", "HTTP exchange (gapbench provider)"},
                JfrStages.attribute(List.of("java.lang.String", "com.fasterxml.jackson.core.json.UTF8JsonGenerator",
                        "dev.langchain4j.model.openai.internal.DefaultOpenAiClient",
                        "org.gapbench.model.provider.LangChainChatClient", "org.gapbench.run.Runner")));
        assertArrayEquals(new String[] {"SQLite (sqlite-jdbc)", "cache lookup and write (gapbench)"},
                JfrStages.attribute(List.of("org.sqlite.core.NativeDB", "org.gapbench.model.resilient.ResponseCache")));
    }

    @Test
    void aStackOfOnlyJdkFramesIsOther() {
        assertArrayEquals(new String[] {JfrStages.UNATTRIBUTED, JfrStages.UNATTRIBUTED},
                JfrStages.attribute(List.of("java.util.concurrent.locks.LockSupport", "java.lang.Thread")));
    }
}
