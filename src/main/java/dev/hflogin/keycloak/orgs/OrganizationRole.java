package dev.hflogin.keycloak.orgs;

import java.util.Locale;
import java.util.Optional;

/** A member's role in a Hugging Face organization ({@code roleInOrg}), weakest first. */
public enum OrganizationRole {
    READ, CONTRIBUTOR, WRITE, ADMIN;

    /** Parses HF's lower-case value; anything unknown is treated as absent, never as a stronger role. */
    public static Optional<OrganizationRole> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean isAtLeast(OrganizationRole minimum) {
        return compareTo(minimum) >= 0;
    }

    /** The value HF sends and the admin console shows. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
