package dev.hflogin.keycloak.it.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Hugging Face account. Mutable with fluent setters so a test can change it between
 * logins (rename the handle, drop orgs) while the sub stays put. Org entries are raw
 * Jackson nodes so tests can add unknown fields or break known ones.
 * Meant to be changed between requests, not during one.
 */
public final class HfUser {

    private volatile String sub = RandomValues.hfSub();
    private volatile String preferredUsername;
    private volatile String name;
    private volatile String email;
    private volatile boolean emailVerified = true;
    private volatile boolean isPro;
    private volatile boolean canPay;
    private volatile String picture;
    private volatile String profile;
    private volatile String website;
    /** null means the orgs claim is left out entirely. */
    private volatile List<ObjectNode> orgs = new CopyOnWriteArrayList<>();
    private final ObjectNode extraClaims = Json.object();
    /** The orgs (by sub) this user ticks on the consent page; null: what the app asked for with orgIds. */
    private volatile Set<String> grantedOrgs;
    /** Set by tests whose hostile input is this account's claims; the stand-in marks each reply carrying them. */
    private volatile String hostileClaims;

    /** A user with a random sub and plausible defaults derived from the handle. */
    public static HfUser withHandle(String handle) {
        return new HfUser()
                .rename(handle)
                .name(handle)
                .email(handle + "@example.com")
                .picture("https://cdn-avatars.huggingface.co/v1/production/uploads/" + handle + ".png");
    }

    /** An org entry with the fields HF always sends; add more with put(...). */
    public static ObjectNode org(String sub, String name, String handle) {
        ObjectNode org = Json.object();
        org.put("sub", sub);
        org.put("name", name);
        org.put("preferred_username", handle);
        org.put("picture", "https://cdn-avatars.huggingface.co/" + handle + ".png");
        return org;
    }

    /** Changes the handle and the profile URL that follows it, keeping the sub. */
    public HfUser rename(String handle) {
        this.preferredUsername = handle;
        this.profile = "https://huggingface.co/" + handle;
        return this;
    }

    public HfUser sub(String sub) { this.sub = sub; return this; }
    public HfUser preferredUsername(String v) { this.preferredUsername = v; return this; }
    public HfUser name(String v) { this.name = v; return this; }
    public HfUser email(String v) { this.email = v; return this; }
    public HfUser emailVerified(boolean v) { this.emailVerified = v; return this; }
    public HfUser isPro(boolean v) { this.isPro = v; return this; }
    public HfUser canPay(boolean v) { this.canPay = v; return this; }
    public HfUser picture(String v) { this.picture = v; return this; }
    public HfUser profile(String v) { this.profile = v; return this; }
    public HfUser website(String v) { this.website = v; return this; }

    /**
     * On the consent page this user grants the app exactly these organizations (by sub), whatever the
     * app asked for with {@code orgIds} (which only pre-selects). The others stay in {@code orgs}, without
     * the user's standing there ({@link UserClaims}).
     */
    public HfUser grantsOrgs(String... orgSubs) {
        this.grantedOrgs = Set.of(orgSubs);
        return this;
    }

    /** The orgs granted at a consent where the app asked for {@code requested}. */
    Set<String> orgsGrantedWhenAsked(Set<String> requested) {
        Set<String> chosen = grantedOrgs;
        return chosen != null ? chosen : requested;
    }

    public HfUser addOrg(ObjectNode org) {
        if (orgs == null) {
            orgs = new CopyOnWriteArrayList<>();
        }
        orgs.add(org);
        return this;
    }

    /** Leaves an organization, named by its handle or its sub; a no-op when not a member. */
    public HfUser leaveOrg(String handleOrSub) {
        List<ObjectNode> current = orgs;
        if (current != null) {
            current.removeIf(o -> handleOrSub.equals(o.path("preferred_username").asText(null))
                    || handleOrSub.equals(o.path("sub").asText(null)));
        }
        return this;
    }

    /** Replaces the org list; null removes the orgs claim from userinfo altogether. */
    public HfUser orgs(List<ObjectNode> newOrgs) {
        this.orgs = newOrgs == null ? null : new CopyOnWriteArrayList<>(newOrgs);
        return this;
    }

    public HfUser withoutOrgsClaim() {
        return orgs(null);
    }

    /**
     * Declares this account's claims a hostile input of the test (e.g. "300-character handle"): every
     * ID token and userinfo reply the stand-in serves for it is marked as a fault (RecordedRequest#fault).
     */
    public HfUser hostileClaims(String what) {
        this.hostileClaims = what;
        return this;
    }

    public Optional<String> hostileClaims() {
        return Optional.ofNullable(hostileClaims).map(what -> "hostile claims: " + what);
    }

    public String sub() { return sub; }
    public String preferredUsername() { return preferredUsername; }
    public String name() { return name; }
    public String email() { return email; }
    public boolean emailVerified() { return emailVerified; }
    public boolean isPro() { return isPro; }
    public boolean canPay() { return canPay; }
    public String picture() { return picture; }
    public String profile() { return profile; }
    public String website() { return website; }

    /** The live org list (mutable), or null when the claim is removed. */
    public List<ObjectNode> orgs() {
        return orgs;
    }

    /** Org entry by org sub, if the user has it. */
    public ObjectNode org(String orgSub) {
        List<ObjectNode> current = orgs;
        if (current == null) {
            return null;
        }
        return current.stream().filter(o -> orgSub.equals(o.path("sub").asText(null))).findFirst().orElse(null);
    }

    /** Extra top-level userinfo claims (always sent), for odd or future fields. */
    public ObjectNode extraClaims() {
        return extraClaims;
    }

    List<ObjectNode> orgsSnapshot() {
        List<ObjectNode> current = orgs;
        return current == null ? null : new ArrayList<>(current);
    }

    @Override
    public String toString() {
        return "HfUser[" + preferredUsername + ", sub=" + sub + "]";
    }
}
