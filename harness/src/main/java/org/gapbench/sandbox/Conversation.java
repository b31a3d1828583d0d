package org.gapbench.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a judge and a candidate process at once and relays one line channel between them (the rules are on
 * {@link Sandbox#runPair}). The harness is the only link: the two processes share no pipe, file or memory, and the
 * judge's verdict lines never reach the candidate.
 */
final class Conversation {
    /** A judge's stdout line starting with this goes to the candidate, without it. */
    static final byte TO_CANDIDATE = '@';
    /** How long a candidate may take to exit after its stdin is closed, once the judge has finished. */
    private static final long CANDIDATE_GRACE_MS = 1000;

    private final Object turn = new Object();
    /** Lines the candidate may send now: its greeting first, then one per line it was sent. */
    private int owed = 1;
    private volatile String tampering;
    private volatile String judgeFault;
    private final AtomicBoolean exceeded = new AtomicBoolean();
    private final Running judge;
    private final Running candidate;
    private final int lineLimit;

    private Conversation(Running judge, Running candidate, int lineLimit) {
        this.judge = judge;
        this.candidate = candidate;
        this.lineLimit = lineLimit;
    }

    /** Two host processes. */
    static PairedExecution run(ProcessRunner.Command judgeCommand, Limits judgeLimits, ProcessRunner.Command candidateCommand,
                               Limits candidateLimits) {
        long started = System.nanoTime();
        Running c = ProcessRunner.start(candidateCommand);
        Running j;
        try {
            j = ProcessRunner.start(judgeCommand);
        } catch (RuntimeException e) {
            c.kill();
            throw e;
        }
        return run(j, judgeLimits, c, candidateLimits, started);
    }

    /** A judge and a candidate already started (at {@code started}, from {@link System#nanoTime}). */
    static PairedExecution run(Running judge, Limits judgeLimits, Running candidate, Limits candidateLimits, long started) {
        Conversation talk = new Conversation(judge, candidate, Math.max(judgeLimits.outputBytes(), candidateLimits.outputBytes()));
        return talk.converse(started, judgeLimits, candidateLimits);
    }

    private PairedExecution converse(long started, Limits judgeLimits, Limits candidateLimits) {
        Future<byte[]> judgeErr = ProcessRunner.PUMPS.submit(() -> ProcessRunner.pump(judge.stderr(), judgeLimits.outputBytes(), exceeded, this::killBoth));
        Future<byte[]> candidateErr = ProcessRunner.PUMPS.submit(() -> ProcessRunner.pump(candidate.stderr(), candidateLimits.outputBytes(), exceeded, this::killBoth));
        Future<byte[]> judgeOut = ProcessRunner.PUMPS.submit(() -> fromJudge(judgeLimits.outputBytes()));
        Future<?> candidateOut = ProcessRunner.PUMPS.submit(this::fromCandidate);
        try {
            boolean timedOut = !judge.waitFor(judgeLimits.wall().toMillis());
            if (timedOut) {
                killBoth();
            } else {
                judge.endRemnants();
            }
            long judgeWall = (System.nanoTime() - started) / 1_000_000;
            String judgeStdout = ProcessRunner.text(judgeOut); // closes the candidate's stdin: it is done
            if (!candidate.waitFor(CANDIDATE_GRACE_MS)) {
                candidate.kill();
            } else {
                candidate.endRemnants();
            }
            long wall = (System.nanoTime() - started) / 1_000_000;
            try {
                candidateOut.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                candidateOut.cancel(true);
            }
            if (judgeFault != null) {
                throw new SandboxException("the judge broke the channel's rules: " + judgeFault);
            }
            boolean killed = timedOut || exceeded.get() || tampering != null;
            Execution j = new Execution(killed ? -1 : judge.exitValue(), judgeStdout, ProcessRunner.text(judgeErr), timedOut, exceeded.get(), judgeWall);
            Execution c = new Execution(killed ? -1 : candidate.exitValue(), "", ProcessRunner.text(candidateErr), timedOut, exceeded.get(), wall);
            return new PairedExecution(j, c, tampering);
        } catch (InterruptedException e) {
            killBoth();
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while running a judge and its candidate", e);
        }
    }

    private void killBoth() {
        judge.kill();
        candidate.kill();
    }

    /** The judge's stdout: lines for the candidate are relayed, the others kept. Closes the candidate's stdin at the end. */
    private byte[] fromJudge(int keptLimit) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        try (InputStream in = judge.stdout(); OutputStream toCandidate = candidate.stdin()) {
            LineReader lines = new LineReader(in, lineLimit);
            byte[] line;
            boolean candidateGone = false;
            while ((line = lines.next()) != null) {
                if (line == LineReader.TOO_LONG) {
                    exceeded.set(true);
                    killBoth();
                    break;
                }
                if (line.length > 0 && line[0] == TO_CANDIDATE) {
                    synchronized (turn) {
                        if (owed != 0) {
                            judgeFault = "it sent a line before the candidate answered the last one";
                            killBoth();
                            break;
                        }
                        owed = 1;
                    }
                    if (!candidateGone) {
                        try {
                            toCandidate.write(line, 1, line.length - 1);
                            toCandidate.write('\n');
                            toCandidate.flush();
                        } catch (IOException e) {
                            candidateGone = true; // it exited: the judge sees the end of its input
                        }
                    }
                } else if (kept.size() + line.length + 1 > keptLimit) {
                    exceeded.set(true);
                    killBoth();
                    break;
                } else {
                    kept.write(line, 0, line.length);
                    kept.write('\n');
                }
            }
        } catch (IOException e) {
            // the judge was killed: what was read is its output
        }
        return kept.toByteArray();
    }

    /** The candidate's stdout: each line is relayed to the judge if it is the candidate's turn; anything else is tampering. */
    private Void fromCandidate() {
        try (InputStream in = candidate.stdout(); OutputStream toJudge = judge.stdin()) {
            LineReader lines = new LineReader(in, lineLimit);
            byte[] line;
            while ((line = lines.next()) != null) {
                if (line == LineReader.TOO_LONG) {
                    exceeded.set(true);
                    killBoth();
                    break;
                }
                synchronized (turn) {
                    if (owed == 0) {
                        tampering = "the candidate wrote to the channel out of turn";
                    } else {
                        owed--;
                    }
                }
                if (tampering != null) {
                    killBoth();
                    break;
                }
                try {
                    toJudge.write(line);
                    toJudge.write('\n');
                    toJudge.flush();
                } catch (IOException e) {
                    break; // the judge exited
                }
            }
            if (lines.partial() && tampering == null && !exceeded.get()) {
                // bytes without an end of line, then the end: an incomplete message, not an answer
                synchronized (turn) {
                    if (owed == 0) {
                        tampering = "the candidate wrote to the channel out of turn";
                    }
                }
            }
        } catch (IOException e) {
            // killed: the judge sees the end of its input
        }
        return null;
    }

    /** Lines of at most {@code limit} bytes (without the newline); {@link #TOO_LONG} for a longer one. */
    static final class LineReader {
        static final byte[] TOO_LONG = new byte[0];
        private final InputStream in;
        private final int limit;
        private final byte[] buf = new byte[65536];
        private int pos;
        private int end;
        private boolean partial;

        LineReader(InputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        /** The next whole line, or null at the end of the stream (a last line without a newline is dropped). */
        byte[] next() throws IOException {
            ByteArrayOutputStream line = null;
            while (true) {
                for (int i = pos; i < end; i++) {
                    if (buf[i] == '\n') {
                        byte[] result;
                        if (line == null) {
                            result = java.util.Arrays.copyOfRange(buf, pos, i);
                        } else {
                            line.write(buf, pos, i - pos);
                            result = line.toByteArray();
                        }
                        pos = i + 1;
                        return result.length > limit ? TOO_LONG : result;
                    }
                }
                if (end > pos) {
                    if (line == null) {
                        line = new ByteArrayOutputStream();
                    }
                    line.write(buf, pos, end - pos);
                    if (line.size() > limit) {
                        return TOO_LONG;
                    }
                }
                pos = 0;
                end = in.read(buf);
                if (end < 0) {
                    end = 0;
                    partial = line != null && line.size() > 0;
                    return null;
                }
            }
        }

        boolean partial() {
            return partial;
        }
    }

}
