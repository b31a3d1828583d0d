package org.gapbench.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One writer thread that takes what many threads hand it and writes it in batches (group commit): the journal and
 * the response cache both write this way, so workers never wait on the disk and a batch costs one flush or one
 * transaction. The first failure stops the writer and is kept for the owner to report.
 */
public final class BatchingWriter<T> implements AutoCloseable {
    /** Writes one batch durably (or throws). */
    @FunctionalInterface
    public interface Sink<T> {
        void write(List<T> batch) throws Exception;
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Sink<T> sink;
    private final Thread thread;
    private volatile Exception failure;

    public BatchingWriter(String threadName, Sink<T> sink) {
        this.sink = sink;
        this.thread = new Thread(this::drain, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands {@code item} to the writer; returns at once. */
    public void add(T item) {
        queue.add(item);
    }

    /** The failure that stopped the writer, or null. */
    public Exception failure() {
        return failure;
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        List<Object> taken = new ArrayList<>();
        List<T> batch = new ArrayList<>();
        try {
            while (true) {
                taken.add(queue.take());
                queue.drainTo(taken);
                boolean end = false;
                for (Object o : taken) {
                    if (o == END) {
                        end = true;
                    } else {
                        batch.add((T) o);
                    }
                }
                if (!batch.isEmpty()) {
                    sink.write(batch);
                }
                taken.clear();
                batch.clear();
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Writes everything handed over so far, then stops the writer thread. */
    @Override
    public void close() {
        queue.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
