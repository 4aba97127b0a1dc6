package dev.hflogin.keycloak.login;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scopes Hugging Face says it granted ({@code scope} of the token response). The user controls
 * the authorize URL and can strip scopes from it; where HF reports what it granted, a login that
 * lacks a scope the provider depends on is refused rather than read as "nothing to see".
 */
public final class GrantedScopes {

    private final Set<String> granted;

    private GrantedScopes(Set<String> granted) {
        this.granted = granted;
    }

    /** @param reported the token response's {@code scope}; null or blank when HF did not report it */
    public static GrantedScopes of(String reported) {
        if (reported == null || reported.isBlank()) {
            return new GrantedScopes(null);
        }
        // RFC 6749 separates scopes with spaces; commas are tolerated, never trusted to widen anything.
        return new GrantedScopes(Arrays.stream(reported.trim().split("[\\s,]+"))
                .filter(scope -> !scope.isEmpty()).collect(Collectors.toUnmodifiableSet()));
    }

    public boolean reported() {
        return granted != null;
    }

    /** The required scopes HF reported as not granted; empty when all were granted or HF reported nothing. */
    public List<String> missing(Collection<String> required) {
        if (granted == null) {
            return List.of();
        }
        return required.stream().filter(scope -> !granted.contains(scope)).toList();
    }
}
