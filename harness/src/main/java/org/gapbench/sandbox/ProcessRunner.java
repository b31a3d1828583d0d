package org.gapbench.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a process with a cleared environment, feeds its stdin, keeps at most a limit of its output, and
 * kills the whole process tree at the wall-clock limit or when the output limit is passed.
 */
final class ProcessRunner {
    /** Pumps output streams; daemon threads so that a stuck pump never keeps the JVM alive. */
    static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-output");
        t.setDaemon(true);
        return t;
    });

    private ProcessRunner() {
    }

    /** A command ready to start: its host command line, working directory and whole environment. */
    record Command(List<String> command, Path workDir, Map<String, String> env) {
    }

    /** Starts {@code c} as a process on the host. */
    static Running start(Command c) {
        ProcessBuilder pb = new ProcessBuilder(c.command()).directory(c.workDir().toFile());
        pb.environment().clear(); // nothing of the harness's environment (API keys) reaches the program
        pb.environment().putAll(c.env());
        try {
            return new HostProcess(pb.start());
        } catch (IOException e) {
            throw new SandboxException("cannot start " + c.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    static Execution run(List<String> command, Path workDir, Map<String, String> env, String stdin, Limits limits) {
        long started = System.nanoTime();
        return run(start(new Command(command, workDir, env)), stdin, limits, started);
    }

    /** Feeds {@code stdin} to the started program {@code p}, keeps its output and ends it at its limits. */
    static Execution run(Running p, String stdin, Limits limits, long started) {
        AtomicBoolean exceeded = new AtomicBoolean();
        Future<byte[]> out = PUMPS.submit(() -> pump(p.stdout(), limits.outputBytes(), exceeded, p::kill));
        Future<byte[]> err = PUMPS.submit(() -> pump(p.stderr(), limits.outputBytes(), exceeded, p::kill));
        try (OutputStream in = p.stdin()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the program exited or closed stdin without reading it: its own business
        }
        boolean timedOut;
        try {
            timedOut = !p.waitFor(limits.wall().toMillis());
            if (timedOut) {
                p.kill();
            } else {
                // background children still attached die with the job and release the output pipes; the program
                // itself is not ended, because that would close its streams before the pumps have read them
                p.endRemnants();
            }
            long wall = (System.nanoTime() - started) / 1_000_000;
            String stdout = text(out);
            String stderr = text(err);
            return new Execution(timedOut || exceeded.get() ? -1 : p.exitValue(), stdout, stderr, timedOut, exceeded.get(), wall);
        } catch (InterruptedException e) {
            p.kill();
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while running a job", e);
        }
    }

    /** A process on the host: ending it ends its process tree. */
    private record HostProcess(Process p) implements Running {
        @Override
        public OutputStream stdin() {
            return p.getOutputStream();
        }

        @Override
        public InputStream stdout() {
            return p.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return p.getErrorStream();
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            return p.waitFor(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int exitValue() {
            return p.exitValue();
        }

        @Override
        public void kill() {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void endRemnants() {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    static byte[] pump(InputStream in, int limit, AtomicBoolean exceeded, Runnable kill) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int room = limit - kept.size();
                kept.write(buf, 0, Math.max(0, Math.min(n, room)));
                if (n > room) {
                    exceeded.set(true);
                    kill.run();
                    break;
                }
            }
        } catch (IOException closed) {
            // the stream closes when the process is killed: what was read so far is the output
        }
        return kept.toByteArray();
    }

    static String text(Future<byte[]> f) throws InterruptedException {
        try {
            return new String(f.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            return "";
        }
    }
}
