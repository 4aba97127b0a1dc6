package dev.hflogin.keycloak.recheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hflogin.keycloak.HuggingFaceIdentityProviderConfig;
import dev.hflogin.keycloak.orgs.OrganizationAllowList;
import dev.hflogin.keycloak.profile.HuggingFaceProfile;
import dev.hflogin.keycloak.profile.HuggingFaceProfileParser;
import dev.hflogin.keycloak.profile.InvalidProfileException;
import dev.hflogin.keycloak.tokens.HubTokenResult;
import dev.hflogin.keycloak.tokens.HubTokenService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;

/**
 * Asks Hugging Face about one linked user, as a browser sign-in would: a live token from the stored
 * grant (refreshed through the single-flight {@link HubTokenService} only when it is about to expire),
 * userinfo with it, and the provider's allow-list decision on the answer. At most one refresh and one
 * userinfo call per check.
 */
final class MembershipCheck {

    private final KeycloakSession session;
    private final HuggingFaceIdentityProviderConfig config;

    MembershipCheck(KeycloakSession session, HuggingFaceIdentityProviderConfig config) {
        this.session = session;
        this.config = config;
    }

    Verdict check(RealmModel realm, String hfSubject) {
        HubTokenResult token = new HubTokenService(session, config).liveToken(realm, hfSubject);
        if (token instanceof HubTokenResult.ReauthenticationRequired) {
            return new Verdict.Refused(Verdict.Rule.GRANT_REVOKED, "Hugging Face refused the stored grant");
        }
        if (token instanceof HubTokenResult.Unavailable unavailable) {
            return new Verdict.Unreachable("token refresh: " + unavailable.reason());
        }
        if (!(token instanceof HubTokenResult.Live live)) {
            return new Verdict.NoGrant();
        }
        UserInfoRequest.Answer answer = UserInfoRequest.send(session, config.getUserInfoUrl(), live.token().accessToken());
        if (answer instanceof UserInfoRequest.Answer.TokenRefused refused) {
            return new Verdict.Refused(Verdict.Rule.GRANT_REVOKED, "Hugging Face userinfo refused the token (HTTP " + refused.status() + ")");
        }
        if (answer instanceof UserInfoRequest.Answer.Failed failed) {
            return new Verdict.Unreachable("userinfo: " + failed.reason());
        }
        return decide(((UserInfoRequest.Answer.Claims) answer).claims(), hfSubject, config.getAllowedOrganizations());
    }

    /** What the allowed organizations demand, e.g. {@code [analytical-engines: sso]}, for the log: no token, no personal data. */
    private static List<String> restrictions(HuggingFaceProfile profile, OrganizationAllowList allowList) {
        return profile.organizations().stream()
                .filter(org -> allowList.enforcingSecurityRestrictions(false).allows(org) && !org.securityRestrictions().isEmpty())
                .map(org -> (org.handle() != null ? org.handle() : org.id()) + ": " + String.join(",", org.securityRestrictions()))
                .toList();
    }

    /** The allow-list's decision on userinfo, for the user the link names and no one else. */
    static Verdict decide(JsonNode claims, String hfSubject, OrganizationAllowList allowList) {
        HuggingFaceProfile profile;
        try {
            profile = HuggingFaceProfileParser.parse(claims);
        } catch (InvalidProfileException e) {
            return new Verdict.Unreachable("userinfo unusable: " + e.getMessage());
        }
        if (!hfSubject.equals(profile.subject())) {
            return new Verdict.Refused(Verdict.Rule.SUBJECT_MISMATCH, "Hugging Face userinfo names another user");
        }
        return switch (allowList.decide(profile)) {
            case ADMITTED -> new Verdict.StillAllowed(claims);
            case NOT_A_MEMBER -> new Verdict.Refused(Verdict.Rule.NOT_A_MEMBER,
                    "member of no organization on the allow-list " + allowList.entries());
            case MEMBERSHIPS_MISSING -> new Verdict.Refused(Verdict.Rule.MEMBERSHIPS_MISSING,
                    "Hugging Face sent no organizations (scope read-memberships not granted)");
            case SECURITY_RESTRICTIONS -> new Verdict.Refused(Verdict.Rule.SECURITY_RESTRICTIONS,
                    "every allowed organization of the user reports security restrictions not met " + restrictions(profile, allowList));
        };
    }
}
