package org.gapbench.model.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.ProviderProfile;
import org.gapbench.model.Reasoning;
import org.gapbench.model.Secrets;

/**
 * A provider reached over HTTP through LangChain4j. LangChain4j's own retries are off (maxRetries 0): the runner
 * retries with backoff and honours Retry-After. Every failure is mapped to an {@link ErrorClass}; the API key is
 * redacted from every message.
 */
final class LangChainChatClient implements ChatClient {
    private final ChatModel model;
    private final String apiKey;

    LangChainChatClient(ProviderProfile.Wire wire, String baseUrl, String apiKey, String modelName, GenerationParams p,
                        java.net.http.HttpClient http, Duration timeout) {
        this.apiKey = apiKey;
        HttpClientBuilder transport = ProviderHttpClient.builder(http, timeout);
        String key = apiKey == null ? "none" : apiKey;
        this.model = switch (wire) {
            case OPENAI -> openAi(transport, baseUrl, key, modelName, p, timeout);
            case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(transport).baseUrl(baseUrl).apiKey(key).modelName(modelName)
                    .temperature(p.temperature()).topP(p.topP()).maxTokens(p.maxTokens() == null ? 4096 : p.maxTokens())
                    .returnThinking(true).maxRetries(0).timeout(timeout).build();
            case GEMINI -> GoogleAiGeminiChatModel.builder().httpClientBuilder(transport).baseUrl(baseUrl).apiKey(key).modelName(modelName)
                    .temperature(p.temperature()).topP(p.topP()).maxOutputTokens(p.maxTokens()).seed(p.seed())
                    .returnThinking(true).maxRetries(0).timeout(timeout).build();
            case OLLAMA -> OllamaChatModel.builder().httpClientBuilder(transport).baseUrl(baseUrl).modelName(modelName)
                    .temperature(p.temperature()).topP(p.topP()).numPredict(p.maxTokens()).seed(p.seed())
                    .returnThinking(true).maxRetries(0).timeout(timeout).build();
            default -> throw new IllegalArgumentException("not an HTTP provider: " + wire);
        };
    }

    /**
     * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5...) reject {@code max_tokens} and any temperature but the
     * default: translate the generic settings for them rather than fail every request.
     */
    static boolean isOpenAiReasoningModel(String modelName) {
        return OPENAI_REASONING.matcher(modelName).find();
    }

    private static final java.util.regex.Pattern OPENAI_REASONING = java.util.regex.Pattern.compile("(^|/)(o[1-9]|gpt-5)");

    private static ChatModel openAi(HttpClientBuilder transport, String baseUrl, String key, String modelName, GenerationParams p,
                                    Duration timeout) {
        OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder().httpClientBuilder(transport).baseUrl(baseUrl)
                .apiKey(key).modelName(modelName).seed(p.seed()).returnThinking(true).maxRetries(0).timeout(timeout);
        if (isOpenAiReasoningModel(modelName)) {
            b.maxCompletionTokens(p.maxTokens());
        } else {
            b.temperature(p.temperature()).topP(p.topP()).maxTokens(p.maxTokens());
        }
        return b.build();
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        List<ChatMessage> messages = new ArrayList<>(request.messages().size());
        for (Message m : request.messages()) {
            messages.add(switch (m.role()) {
                case SYSTEM -> SystemMessage.from(m.content());
                case USER -> UserMessage.from(m.content());
                case ASSISTANT -> AiMessage.from(m.content());
            });
        }
        ChatResponse r;
        try {
            r = model.chat(ChatRequest.builder().messages(messages).build());
        } catch (RuntimeException e) {
            throw classify(e);
        }
        if (r == null || r.aiMessage() == null) {
            throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "the provider returned no message");
        }
        String[] split = Reasoning.split(r.aiMessage().text(), r.aiMessage().thinking());
        TokenUsage u = r.tokenUsage();
        int reasoningTokens = -1;
        if (u instanceof OpenAiTokenUsage o && o.outputTokensDetails() != null && o.outputTokensDetails().reasoningTokens() != null) {
            reasoningTokens = o.outputTokensDetails().reasoningTokens();
        }
        return new ModelResponse(split[0], split[1], count(u == null ? null : u.inputTokenCount()),
                count(u == null ? null : u.outputTokenCount()), reasoningTokens,
                r.finishReason() == null ? null : r.finishReason().name().toLowerCase(java.util.Locale.ROOT), r.modelName());
    }

    private static int count(Integer n) {
        return n == null ? -1 : n;
    }

    private ModelCallException classify(RuntimeException e) {
        Duration retryAfter = null;
        Integer status = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProviderHttpClient.StatusException s) {
                retryAfter = s.retryAfter();
            }
            if (t instanceof HttpException h && status == null) {
                status = h.statusCode();
            }
        }
        String message = Secrets.redact(firstLine(e), apiKey);
        ErrorClass c;
        if (status != null) {
            c = status == 429 ? ErrorClass.RATE_LIMITED
                    : status == 401 || status == 403 ? ErrorClass.AUTHENTICATION
                    : status == 404 ? ErrorClass.MODEL_NOT_FOUND
                    : status == 408 ? ErrorClass.TIMEOUT
                    : status >= 500 ? ErrorClass.SERVER_ERROR
                    : ErrorClass.BAD_REQUEST;
            message = "HTTP " + status + ": " + message;
        } else if (hasCause(e, HttpTimeoutException.class) || e instanceof dev.langchain4j.exception.TimeoutException) {
            c = ErrorClass.TIMEOUT;
        } else if (hasCause(e, JsonProcessingException.class)) {
            c = ErrorClass.MALFORMED_RESPONSE; // checked before IOException, which it extends
        } else if (hasCause(e, ConnectException.class) || hasCause(e, java.io.IOException.class)) {
            c = ErrorClass.CONNECTION;
        } else if (e instanceof AuthenticationException) {
            c = ErrorClass.AUTHENTICATION;
        } else if (e instanceof ModelNotFoundException) {
            c = ErrorClass.MODEL_NOT_FOUND;
        } else if (e instanceof ContentFilteredException) {
            c = ErrorClass.CONTENT_FILTERED;
        } else if (e instanceof InvalidRequestException) {
            c = ErrorClass.BAD_REQUEST;
        } else if (e instanceof NullPointerException || e instanceof ClassCastException) {
            c = ErrorClass.MALFORMED_RESPONSE;
        } else {
            c = ErrorClass.INTERNAL;
        }
        return new ModelCallException(c, message, retryAfter);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        m = m.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
