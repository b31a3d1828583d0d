package org.gapbench.model.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.gapbench.io.Json;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.Secrets;

/**
 * The one exchange every {@link BatchApi} makes: a request through {@link BoundedExchange} (the run's timeout and
 * response-size cap, abandoned when the run stops), its failure classed as a synchronous call's would be and its
 * messages redacted of the key.
 */
final class BatchHttp {
    private final BoundedExchange exchange;
    private final String apiKey;

    BatchHttp(java.net.http.HttpClient http, ResponseBounds bounds, String apiKey) {
        this.exchange = new BoundedExchange(http, bounds);
        this.apiKey = apiKey;
    }

    String send(HttpRequest r) throws ModelCallException {
        HttpResponse<String> resp;
        try {
            resp = exchange.send(r, info -> BoundedExchange.text());
        } catch (BoundedExchange.Aborted e) {
            throw ModelCallException.stopped(e.getMessage());
        } catch (IOException e) {
            String why = Secrets.redact(String.valueOf(e.getMessage()), apiKey);
            throw e instanceof java.net.ConnectException ? ModelCallException.unreachable(r.method() + " " + r.uri().getPath() + ": " + why)
                    : new ModelCallException(ErrorClass.CONNECTION, r.method() + " " + r.uri().getPath() + ": " + why);
        }
        int s = resp.statusCode();
        if (s < 200 || s >= 300) {
            ErrorClass c = s == 408 ? ErrorClass.BAD_REQUEST : ErrorClass.ofHttpStatus(s);
            throw ModelCallException.http(c, s, r.method() + " " + r.uri().getPath() + ": HTTP " + s + ": "
                    + Secrets.redact(resp.body(), apiKey), ProviderHttpClient.retryAfter(resp.headers().firstValue("retry-after").orElse(null)));
        }
        return resp.body();
    }

    JsonNode json(HttpRequest r) throws ModelCallException {
        return json(send(r));
    }

    static JsonNode json(String body) throws ModelCallException {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, "the batch API answered with something other than JSON");
        }
    }

    /** The lines of a JSONL body, each parsed; a line that is not JSON is a malformed answer. */
    static java.util.List<JsonNode> jsonl(String body, String what) throws ModelCallException {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Json.MAPPER.readTree(line));
            } catch (IOException e) {
                throw new ModelCallException(ErrorClass.MALFORMED_RESPONSE, what + ": a result line is not JSON");
            }
        }
        return out;
    }

    void abort() {
        exchange.abortAll();
    }
}
