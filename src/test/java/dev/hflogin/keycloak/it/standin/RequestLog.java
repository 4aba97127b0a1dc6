package dev.hflogin.keycloak.it.standin;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Thread-safe, bounded record of every request, oldest first. */
final class RequestLog {

    /** Enough for any test; stops a long-running demo from growing without end. */
    private static final int MAX_ENTRIES = 10_000;

    private final Deque<RecordedRequest> entries = new ArrayDeque<>();

    synchronized void add(RecordedRequest request) {
        if (entries.size() == MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    synchronized List<RecordedRequest> all() {
        return List.copyOf(entries);
    }

    synchronized List<RecordedRequest> forPath(String path) {
        return entries.stream().filter(r -> r.path().equals(path)).toList();
    }

    synchronized void clear() {
        entries.clear();
    }
}
