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
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.model.output.FinishReason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * redacted from every message. With {@link StreamMode} the OpenAI and Anthropic wire formats stream the answer
 * (server-sent events) over the same transport, and the answer, its reasoning, usage and finish reason are read from
 * the stream into the same {@link ModelResponse}.
 */
final class LangChainChatClient implements ChatClient {
    private final ChatModel model;
    private final StreamingChatModel streaming;
    private final ProviderProfile.Wire wire;
    private final String apiKey;
    private final ProviderHttpClient http;

    LangChainChatClient(ProviderProfile.Wire wire, String baseUrl, String apiKey, String modelName, GenerationParams p,
                        java.net.http.HttpClient client, ResponseBounds bounds, StreamMode stream) {
        this.wire = wire;
        this.apiKey = apiKey;
        this.http = new ProviderHttpClient(client, bounds);
        HttpClientBuilder transport = http.builder();
        Duration timeout = bounds.timeout();
        String key = apiKey == null ? "none" : apiKey;
        if (stream.streams(wire, anthropicMaxTokens(wire, p))) {
            this.streaming = wire == ProviderProfile.Wire.OPENAI ? openAiStreaming(transport, baseUrl, key, modelName, p, timeout)
                    : AnthropicStreamingChatModel.builder().httpClientBuilder(transport).baseUrl(baseUrl).apiKey(key).modelName(modelName)
                    .temperature(p.temperature()).topP(p.topP()).maxTokens(anthropicMaxTokens(wire, p))
                    .returnThinking(true).timeout(timeout).build();
            this.model = null;
            return;
        }
        this.streaming = null;
        this.model = switch (wire) {
            case OPENAI -> openAi(transport, baseUrl, key, modelName, p, timeout);
            case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(transport).baseUrl(baseUrl).apiKey(key).modelName(modelName)
                    .temperature(p.temperature()).topP(p.topP()).maxTokens(anthropicMaxTokens(wire, p))
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

    /** What Anthropic's max_tokens is when the run sets none (Anthropic requires it); its batches send the same. */
    static final int ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

    /** Anthropic requires max_tokens: the run's, or {@link #ANTHROPIC_DEFAULT_MAX_TOKENS}. Null for the other wire formats. */
    private static Integer anthropicMaxTokens(ProviderProfile.Wire wire, GenerationParams p) {
        return wire != ProviderProfile.Wire.ANTHROPIC ? null : p.maxTokens() == null ? ANTHROPIC_DEFAULT_MAX_TOKENS : p.maxTokens();
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

    /** The same request as {@link #openAi}, streamed; the usage comes in the stream's last chunk (stream_options.include_usage). */
    private static StreamingChatModel openAiStreaming(HttpClientBuilder transport, String baseUrl, String key, String modelName,
                                                      GenerationParams p, Duration timeout) {
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder b = OpenAiStreamingChatModel.builder().httpClientBuilder(transport)
                .baseUrl(baseUrl).apiKey(key).modelName(modelName).seed(p.seed()).returnThinking(true).timeout(timeout);
        if (isOpenAiReasoningModel(modelName)) {
            b.maxCompletionTokens(p.maxTokens());
        } else {
            b.temperature(p.temperature()).topP(p.topP()).maxTokens(p.maxTokens());
        }
        return b.build();
    }

    /**
     * Streams the answer and returns it whole, as {@link ChatModel#chat} would. The transport delivers the stream on
     * the calling thread's exchange and returns when it ended, so the outcome is known when {@code chat} returns: a
     * stream that ended without its last event (OpenAI's finish_reason, Anthropic's message_stop) is malformed, never
     * a shorter answer.
     */
    private ChatResponse stream(ChatRequest request) throws ModelCallException {
        CompletableFuture<ChatResponse> outcome = new CompletableFuture<>();
        try {
            streaming.chat(request, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partial) {
                    // the whole answer comes with onCompleteResponse
                }

                @Override
                public void onCompleteResponse(ChatResponse complete) {
                    outcome.complete(complete);
                }

                @Override
                public void onError(Throwable error) {
                    outcome.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
        if (!outcome.isDone()) {
            throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "the stream ended before its last event");
        }
        ChatResponse r;
        try {
            r = outcome.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            throw classify(e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause()));
        }
        if (r != null && r.finishReason() == null) {
            throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "the stream ended without a finish reason");
        }
        return r;
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
        if (streaming != null) {
            r = stream(ChatRequest.builder().messages(messages).build());
        } else {
            try {
                r = model.chat(ChatRequest.builder().messages(messages).build());
            } catch (RuntimeException e) {
                throw classify(e);
            }
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
                finishReason(r.finishReason()), r.modelName());
    }

    /**
     * The finish reason in the journal's words. A filter or a refusal becomes {@link ModelResponse#CONTENT_FILTER} or
     * {@link ModelResponse#REFUSAL}: an outcome of its own, neither an answer to score nor an error to retry. Anthropic
     * says "refusal", which LangChain4j reports as OTHER (its only other stop reason, pause_turn, needs server tools).
     */
    private String finishReason(FinishReason f) {
        if (f == null) {
            return null;
        }
        if (f == FinishReason.CONTENT_FILTER) {
            return ModelResponse.CONTENT_FILTER;
        }
        if (f == FinishReason.OTHER && wire == ProviderProfile.Wire.ANTHROPIC) {
            return ModelResponse.REFUSAL;
        }
        return f.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static int count(Integer n) {
        return n == null ? -1 : n;
    }

    /** Ends the calls in flight at once (the run is stopping): each fails as {@link ErrorClass#STOPPED}. */
    @Override
    public void abort() {
        http.abortAll();
    }

    /**
     * Provider answers that say a filter or a policy stopped the request (HTTP 400): OpenAI and Azure
     * ({@code content_filter}, {@code content_policy_violation}), DashScope ({@code DataInspectionFailed}), Zhipu
     * (code 1301), Volcano Engine ({@code InputTextRiskDetection}, {@code OutputTextRiskDetection}).
     */
    private static final java.util.regex.Pattern FILTERED_400 = java.util.regex.Pattern.compile(
            "(?i)content_filter|content_policy_violation|data_?inspection_?failed|\"code\"\\s*:\\s*\"?1301\\b|TextRiskDetection");

    private ModelCallException classify(RuntimeException e) {
        Duration retryAfter = null;
        Integer status = null;
        String body = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProviderHttpClient.StatusException s) {
                retryAfter = s.retryAfter();
                body = s.getMessage();
            }
            if (t instanceof HttpException h && status == null) {
                status = h.statusCode();
            }
        }
        String message = Secrets.redact(firstLine(e), apiKey);
        ProviderHttpClient.StreamError streamError = causeOf(e, ProviderHttpClient.StreamError.class);
        if (streamError != null && status == null) {
            ErrorClass c = streamErrorClass(streamError.getMessage());
            int stated = statedStatus(streamError.getMessage());
            return stated > 0 ? ModelCallException.http(c, stated, "the stream reported an error: " + message, null)
                    : new ModelCallException(c, "the stream reported an error: " + message);
        }
        IOException transport = transportFailure(e);
        ErrorClass c;
        if (status != null) {
            if (status == 400 && body != null && FILTERED_400.matcher(body).find()) {
                return ModelCallException.refused(ModelResponse.CONTENT_FILTER, "HTTP 400: " + message);
            }
            c = ErrorClass.ofHttpStatus(status);
            message = "HTTP " + status + ": " + message;
        } else if (transport instanceof BoundedExchange.Aborted) {
            return ModelCallException.stopped(transport.getMessage());
        } else if (transport instanceof BoundedExchange.TooLarge) {
            c = ErrorClass.RESPONSE_TOO_LARGE;
            message = transport.getMessage();
        } else if (transport instanceof java.net.http.HttpConnectTimeoutException) {
            return ModelCallException.unreachable("connection timed out");
        } else if (transport instanceof HttpTimeoutException || e instanceof dev.langchain4j.exception.TimeoutException) {
            c = ErrorClass.TIMEOUT;
            message = transport != null ? transport.getMessage() : message;
        } else if (transport != null) {
            String unreachable = unreachable(transport);
            if (unreachable != null) {
                return ModelCallException.unreachable(unreachable);
            }
            c = ErrorClass.CONNECTION;
            message = describe(transport);
        } else if (hasCause(e, JsonProcessingException.class)) {
            c = ErrorClass.MALFORMED_RESPONSE;
        } else if (e instanceof ContentFilteredException) {
            return ModelCallException.refused(ModelResponse.REFUSAL, message); // OpenAI's message.refusal
        } else if (e instanceof AuthenticationException) {
            c = ErrorClass.AUTHENTICATION;
        } else if (e instanceof ModelNotFoundException) {
            c = ErrorClass.MODEL_NOT_FOUND;
        } else if (e instanceof InvalidRequestException) {
            c = ErrorClass.BAD_REQUEST;
        } else if (e instanceof dev.langchain4j.exception.InternalServerException || e instanceof NullPointerException
                || e instanceof ClassCastException) {
            c = ErrorClass.MALFORMED_RESPONSE; // a 200 whose body lacks what it must hold ("no choices returned")
        } else {
            c = ErrorClass.INTERNAL;
        }
        return status != null ? ModelCallException.http(c, status, message, retryAfter) : new ModelCallException(c, message, retryAfter);
    }

    /**
     * The HTTP status an error event says it stands for, or 0: llama.cpp's server, having sent its 200, reports a
     * failure as {@code data: {"error":{"code":500,"message":...,"type":"server_error"}}} and would have answered
     * that 500 to the same request unstreamed. With the status, its 500 that repeats word for word ends the retries
     * as a streamed one does not otherwise.
     */
    static int statedStatus(String data) {
        try {
            com.fasterxml.jackson.databind.JsonNode code = org.gapbench.io.Json.MAPPER.readTree(data == null ? "" : data).path("error").path("code");
            return code.isInt() && code.asInt() >= 400 && code.asInt() <= 599 ? code.asInt() : 0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The class of an error a stream reported after its 200, from the error's type: Anthropic's
     * {@code overloaded_error}, {@code rate_limit_error}, {@code invalid_request_error}, ..., OpenAI's
     * {@code rate_limit_exceeded}, {@code server_error}. Anything else is the server's failure, retried.
     */
    private static ErrorClass streamErrorClass(String data) {
        String d = data == null ? "" : data.toLowerCase(java.util.Locale.ROOT);
        if (d.contains("rate_limit")) {
            return ErrorClass.RATE_LIMITED;
        }
        if (d.contains("authentication") || d.contains("permission")) {
            return ErrorClass.AUTHENTICATION;
        }
        if (d.contains("invalid_request")) {
            return ErrorClass.BAD_REQUEST;
        }
        if (d.contains("not_found")) {
            return ErrorClass.MODEL_NOT_FOUND;
        }
        return ErrorClass.SERVER_ERROR;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static IOException transportFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProviderHttpClient.TransportException && t.getCause() instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** What stopped a connection from being made, in words ("connection refused"), or null if one was made. */
    private static String unreachable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return "no route to host";
            }
        }
        return null;
    }

    /** A broken exchange in words: the cause, not the exception's class. */
    private static String describe(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("reset")) {
            return "the connection was reset";
        }
        if (lower.contains("closed") || lower.contains("eof") || lower.contains("received no bytes")) {
            return "the server closed the connection before the response was complete";
        }
        return m.isBlank() ? "the connection failed (" + e.getClass().getSimpleName() + ")" : "the connection failed: " + firstLineOf(m);
    }

    private static String firstLineOf(String m) {
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
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
        return firstLineOf((root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()).strip());
    }
}
