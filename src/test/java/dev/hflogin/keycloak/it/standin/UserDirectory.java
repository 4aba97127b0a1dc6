package dev.hflogin.keycloak.it.standin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The accounts the stand-in knows. Looked up by scanning, because subs and handles are
 * mutable on HfUser and a keyed map would go stale after a rename.
 */
final class UserDirectory {

    private final List<HfUser> users = new CopyOnWriteArrayList<>();
    private volatile String defaultHandle;

    synchronized HfUser add(HfUser user) {
        users.removeIf(existing -> existing.sub().equals(user.sub()));
        users.add(user);
        if (defaultHandle == null) {
            defaultHandle = user.preferredUsername();
        }
        return user;
    }

    boolean remove(String sub) {
        return users.removeIf(user -> user.sub().equals(sub));
    }

    Optional<HfUser> bySub(String sub) {
        return users.stream().filter(user -> user.sub().equals(sub)).findFirst();
    }

    /** HF handles are case-insensitive at sign-in. */
    Optional<HfUser> byHandle(String handle) {
        if (handle == null) {
            return Optional.empty();
        }
        String wanted = handle.trim();
        return users.stream().filter(user -> wanted.equalsIgnoreCase(user.preferredUsername())).findFirst();
    }

    void defaultHandle(String handle) {
        this.defaultHandle = handle;
    }

    /** Handle prefilled on the sign-in page. */
    String defaultHandle() {
        return defaultHandle == null ? "" : defaultHandle;
    }
}
