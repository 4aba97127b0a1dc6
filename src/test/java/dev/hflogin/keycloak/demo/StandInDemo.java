package dev.hflogin.keycloak.demo;

import dev.hflogin.keycloak.it.standin.DemoUsers;
import dev.hflogin.keycloak.it.standin.HuggingFaceStandIn;
import dev.hflogin.keycloak.it.standin.OAuthApp;

/** The stand-in as the demo uses it: one OAuth app for Keycloak and the ready-made users, their avatars served by the stand-in. */
public final class StandInDemo {

    public static final String DEMO_USERS = "\"ada\" (admin of analytical-engines, member of other-org) or \"grace\" (no organization)";

    private StandInDemo() {
    }

    public static void registerDemoApp(HuggingFaceStandIn standIn, String clientId, String secret, String... redirectUris) {
        OAuthApp app = OAuthApp.confidential(clientId, secret, redirectUris[0],
                "openid", "profile", "email", "read-memberships", "read-billing", "read-repos", "inference-api");
        standIn.registerApp(app.withRedirectUris(redirectUris));
        DemoUsers.addTo(standIn);
    }
}
