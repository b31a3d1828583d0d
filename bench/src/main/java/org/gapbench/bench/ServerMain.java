package org.gapbench.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.gapbench.testkit.ProviderServer;

/**
 * Runs the {@link ProviderServer} as its own process, so that the benchmark measures the harness's CPU and memory
 * without the server's, and so other clients (promptfoo) can be pointed at the very same server. Prints
 * {@code listening <base url>} once ready. Options: {@code --port N --latency-ms N --jitter-ms N --rate429 F
 * --response-chars N --exit-on-stdin-eof} (the benchmark's children exit with their parent that way).
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 0;
        long latency = 0;
        long jitter = 0;
        double rate429 = 0;
        int chars = 200;
        boolean watchStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latency = Long.parseLong(args[++i]);
                case "--jitter-ms" -> jitter = Long.parseLong(args[++i]);
                case "--rate429" -> rate429 = Double.parseDouble(args[++i]);
                case "--response-chars" -> chars = Integer.parseInt(args[++i]);
                case "--exit-on-stdin-eof" -> watchStdin = true;
                default -> {
                    System.err.println("local-openai-server: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        int padding = chars;
        ProviderServer server = ProviderServer.builder().latency(Duration.ofMillis(latency)).jitter(Duration.ofMillis(jitter))
                .rate429(rate429).answer(req -> SyntheticSuite.answer(req.body(), padding)).noLedger().port(port).start();
        System.out.println("listening " + server.baseUrl());
        System.out.flush();
        if (watchStdin) {
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin (or die)
            }
            server.close();
        } else {
            new CountDownLatch(1).await();
        }
    }
}
