package org.gapbench.model.resilient;

import org.gapbench.model.ChatClient;

/** A decorator on the road: it adds one concern to {@link #complete} and passes everything else through. */
abstract class ForwardingClient implements ChatClient {
    protected final ChatClient inner;

    ForwardingClient(ChatClient inner) {
        this.inner = inner;
    }

    @Override
    public boolean local() {
        return inner.local();
    }

    @Override
    public void close() {
        inner.close();
    }
}
