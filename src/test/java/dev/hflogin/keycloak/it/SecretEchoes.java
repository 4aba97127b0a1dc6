package dev.hflogin.keycloak.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hflogin.keycloak.it.standin.IssuedSecrets;

/**
 * Finds secrets in text (a log, a page) in one pass, however many there are: each secret is indexed by
 * its last {@link IssuedSecrets#MIN_LENGTH} characters, checked whole where those match. Also keeps the
 * pages sign-ins ended on outside the app (refusals), so the end of the run can scan them.
 */
public final class SecretEchoes {

    /** A page a sign-in ended on that was not the app. */
    public record PageSeen(String url, String html) {
    }

    /** Bounded: a run sees a few hundred refusals; more would only cost memory. */
    private static final int MAX_PAGES = 5000;
    private static final ConcurrentLinkedQueue<PageSeen> PAGES = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger PAGE_COUNT = new AtomicInteger();

    private SecretEchoes() {
    }

    static void pageSeen(String url, String html) {
        if (PAGE_COUNT.incrementAndGet() <= MAX_PAGES) {
            PAGES.add(new PageSeen(url, html));
        }
    }

    public static List<PageSeen> pagesSeen() {
        return List.copyOf(PAGES);
    }

    /** The secrets that occur in the text, masked (first four characters and length) so a report never shows one. */
    public static List<String> findIn(CharSequence text, Collection<String> secrets) {
        int key = IssuedSecrets.MIN_LENGTH;
        Map<String, List<String>> byTail = new HashMap<>();
        for (String secret : secrets) {
            byTail.computeIfAbsent(secret.substring(secret.length() - key), k -> new ArrayList<>()).add(secret);
        }
        List<String> found = new ArrayList<>();
        String all = text.toString();
        for (int end = key; end <= all.length(); end++) {
            List<String> candidates = byTail.get(all.substring(end - key, end));
            if (candidates == null) {
                continue;
            }
            for (String secret : candidates) {
                if (end >= secret.length() && all.startsWith(secret, end - secret.length())) {
                    found.add(masked(secret));
                }
            }
        }
        return found;
    }

    static String masked(String secret) {
        return secret.substring(0, 4) + "…(" + secret.length() + " characters)";
    }
}
