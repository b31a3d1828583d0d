package org.gapbench.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How to reach one provider: its wire format, default base URL, the environment variable that holds its key,
 * the request limits applied unless the command line overrides them (0 = unlimited), and its batch API ({@code batch},
 * null where gapbench sends it none: {@code run --batch} then sends ordinary requests).
 */
public record ProviderProfile(String name, Wire wire, String defaultBaseUrl, String apiKeyEnv, int requestsPerMinute,
                              int tokensPerMinute, int defaultConcurrency, String notes, BatchSupport batch) {

    /** The wire format; the built-in providers answer locally. */
    public enum Wire { OPENAI, ANTHROPIC, GEMINI, OLLAMA, ORACLE, REPLAY }

    private static final BatchSupport OPENAI_BATCH = new BatchSupport(BatchSupport.Wire.OPENAI_FILES, 0.5, "/v1/chat/completions",
            "https://platform.openai.com/docs/guides/batch (50% of the synchronous price; 50,000 requests, 200 MB a file)", 50_000, 200_000_000L);
    private static final BatchSupport ANTHROPIC_BATCH = new BatchSupport(BatchSupport.Wire.ANTHROPIC, 0.5, null,
            "https://platform.claude.com/docs/en/build-with-claude/batch-processing (50% of the standard price; 100,000 requests or 256 MB a batch)",
            100_000, 256_000_000L);
    private static final BatchSupport GEMINI_BATCH = new BatchSupport(BatchSupport.Wire.GEMINI, 0.5, null,
            "https://ai.google.dev/gemini-api/docs/batch-api (50% of the standard cost; inline requests up to 20 MB a batch)", 50_000,
            20_000_000L);
    private static final BatchSupport DASHSCOPE_BATCH = new BatchSupport(BatchSupport.Wire.OPENAI_FILES, 0.5, "/v1/chat/completions",
            "https://www.alibabacloud.com/help/en/model-studio/batch-inference (50% of the real-time price; 50,000 requests, 100 MB a file)",
            50_000, 100_000_000L);
    private static final BatchSupport ZHIPU_BATCH = new BatchSupport(BatchSupport.Wire.OPENAI_FILES, 0.5, "/v4/chat/completions",
            "https://docs.bigmodel.cn/cn/faq/batch-api-issues (50% of the standard API price; 50,000 requests, 100 MB a file)", 50_000,
            100_000_000L);

    private static final List<ProviderProfile> BUILT_IN = List.of(
            new ProviderProfile("openai", Wire.OPENAI, "https://api.openai.com/v1", "OPENAI_API_KEY", 500, 0, 16, "OpenAI", OPENAI_BATCH),
            new ProviderProfile("anthropic", Wire.ANTHROPIC, "https://api.anthropic.com/v1", "ANTHROPIC_API_KEY", 50, 0, 8, "Anthropic Messages API", ANTHROPIC_BATCH),
            new ProviderProfile("gemini", Wire.GEMINI, "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY", 60, 0, 8, "Google AI Gemini API", GEMINI_BATCH),
            new ProviderProfile("ollama", Wire.OLLAMA, "http://localhost:11434", null, 0, 0, 2, "local Ollama server; no key", null),
            new ProviderProfile("openrouter", Wire.OPENAI, "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", 0, 0, 16, "OpenAI-compatible", null),
            new ProviderProfile("deepseek", Wire.OPENAI, "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", 0, 0, 16, "OpenAI-compatible; reasoning_content kept apart", null),
            new ProviderProfile("qwen", Wire.OPENAI, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", 0, 0, 16, "DashScope compatible mode (mainland: https://dashscope.aliyuncs.com/compatible-mode/v1)", DASHSCOPE_BATCH),
            new ProviderProfile("moonshot", Wire.OPENAI, "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY", 0, 0, 8, "Kimi (mainland: https://api.moonshot.cn/v1)", null),
            new ProviderProfile("zhipu", Wire.OPENAI, "https://open.bigmodel.cn/api/paas/v4", "ZHIPU_API_KEY", 0, 0, 8, "GLM (Z.ai: https://api.z.ai/api/paas/v4); max_tokens only", ZHIPU_BATCH),
            new ProviderProfile("minimax", Wire.OPENAI, "https://api.minimax.io/v1", "MINIMAX_API_KEY", 0, 0, 8, "OpenAI-compatible", null),
            new ProviderProfile("vllm", Wire.OPENAI, "http://localhost:8000/v1", "VLLM_API_KEY", 0, 0, 32, "any vLLM / SGLang server; key optional", null),
            new ProviderProfile("openai-compatible", Wire.OPENAI, null, "OPENAI_API_KEY", 0, 0, 16, "any OpenAI-compatible endpoint; needs --base-url", null),
            new ProviderProfile("oracle", Wire.ORACLE, null, null, 0, 0, 8, "answers with the gold answer: the self-test of each scorer", null),
            new ProviderProfile("replay", Wire.REPLAY, null, null, 0, 0, 8, "answers from recorded outputs keyed by item id: replay:<file>", null));

    private static final Map<String, ProviderProfile> BY_NAME = new TreeMap<>();

    static {
        BUILT_IN.forEach(p -> BY_NAME.put(p.name(), p));
    }

    public static Optional<ProviderProfile> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<ProviderProfile> all() {
        return BUILT_IN;
    }

    /** Whether a key is required: local servers (ollama, vllm) and the built-ins work without one. */
    public boolean keyRequired() {
        return apiKeyEnv != null && !name.equals("vllm") && wire != Wire.ORACLE && wire != Wire.REPLAY;
    }
}
