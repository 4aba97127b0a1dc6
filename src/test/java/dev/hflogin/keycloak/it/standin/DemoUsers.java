package dev.hflogin.keycloak.it.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Ready-made accounts: "ada" exactly as in the reference's realistic userinfo body, and
 * "grace", who belongs to no organization.
 */
public final class DemoUsers {

    public static final String ADA_SUB = "63f1c2a9e4b0d1a2b3c4d5e6";
    public static final String ANALYTICAL_ENGINES_SUB = "64a0b1c2d3e4f5a6b7c8d9e0";
    public static final String OTHER_ORG_SUB = "65b1c2d3e4f5a6b7c8d9e0f1";
    public static final String GRACE_SUB = "66c2d3e4f5a6b7c8d9e0f1a2";
    public static final List<String> HANDLES = List.of("ada", "grace");

    private DemoUsers() {
    }

    /** Adds ada and grace, their pictures (and their organizations') served by the stand-in itself. */
    public static void addTo(HuggingFaceStandIn standIn) {
        for (HfUser user : List.of(ada(), grace())) {
            user.picture(standIn.avatarUrl(user.preferredUsername()));
            for (ObjectNode org : user.orgs() == null ? List.<ObjectNode>of() : user.orgs()) {
                org.put("picture", standIn.avatarUrl(org.path("preferred_username").asText()));
            }
            standIn.addUser(user);
        }
    }

    public static HfUser ada() {
        ObjectNode engines = HfUser.org(ANALYTICAL_ENGINES_SUB, "Analytical Engines", "analytical-engines");
        engines.put("picture", "https://cdn-avatars.huggingface.co/org.png");
        engines.put("plan", "enterprise");
        engines.put("canPay", true);
        engines.put("roleInOrg", "admin");
        engines.putArray("securityRestrictions");
        ObjectNode other = HfUser.org(OTHER_ORG_SUB, "Other Org", "other-org");
        other.put("picture", "https://cdn-avatars.huggingface.co/o2.png");
        return HfUser.withHandle("ada")
                .sub(ADA_SUB)
                .name("Ada Lovelace")
                .picture("https://cdn-avatars.huggingface.co/v1/production/uploads/ada.png")
                .website("https://ada.dev")
                .email("ada@example.com")
                .emailVerified(true)
                .isPro(false)
                .canPay(true)
                .addOrg(engines)
                .addOrg(other);
    }

    public static HfUser grace() {
        return HfUser.withHandle("grace")
                .sub(GRACE_SUB)
                .name("Grace Hopper")
                .email("grace@example.com")
                .isPro(true)
                .canPay(false);
    }
}
