package dev.hflogin.keycloak.it.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;

/** Which claims of a user an app sees, by granted scope, in userinfo and in the ID token. */
final class UserClaims {

    private UserClaims() {
    }

    static ObjectNode userInfo(HfUser user, Grant grant) {
        ObjectNode claims = Json.object();
        claims.put("sub", user.sub());
        if (grant.has(Scopes.PROFILE)) {
            putIfSet(claims, "name", user.name());
            putIfSet(claims, "preferred_username", user.preferredUsername());
            putIfSet(claims, "profile", user.profile());
            putIfSet(claims, "picture", user.picture());
            putIfSet(claims, "website", user.website());
            claims.put("isPro", user.isPro());
        }
        if (grant.has(Scopes.EMAIL)) {
            putIfSet(claims, "email", user.email());
            claims.put("email_verified", user.emailVerified());
        }
        if (grant.has(Scopes.READ_BILLING)) {
            claims.put("canPay", user.canPay());
        }
        List<ObjectNode> orgs = user.orgsSnapshot();
        if (grant.has(Scopes.READ_MEMBERSHIPS) && orgs != null) {
            claims.set("orgs", orgsAsGranted(orgs, grant));
        }
        claims.setAll(user.extraClaims().deepCopy());
        return claims;
    }

    /** The profile subset only: HF keeps orgs, isPro and canPay out of the ID token. */
    static void addToIdToken(JWTClaimsSet.Builder builder, HfUser user, Grant grant) {
        if (grant.has(Scopes.PROFILE)) {
            claimIfSet(builder, "name", user.name());
            claimIfSet(builder, "preferred_username", user.preferredUsername());
            claimIfSet(builder, "picture", user.picture());
            claimIfSet(builder, "profile", user.profile());
            claimIfSet(builder, "website", user.website());
        }
        if (grant.has(Scopes.EMAIL)) {
            claimIfSet(builder, "email", user.email());
            builder.claim("email_verified", user.emailVerified());
        }
    }

    /**
     * The user's standing in an org (roleInOrg, the org's canPay, and, from huggingface.js's "when the user
     * granted the oauth app access to the org", securityRestrictions with its deprecated flags) is shown only
     * for orgs the user granted; the org itself is always listed. (resourceGroups: no source says; kept.)
     */
    private static final List<String> GRANTED_ONLY = List.of("roleInOrg", "canPay", "securityRestrictions",
            "pendingSSO", "missingMFA");

    private static ArrayNode orgsAsGranted(List<ObjectNode> orgs, Grant grant) {
        ArrayNode result = Json.MAPPER.createArrayNode();
        for (ObjectNode org : orgs) {
            ObjectNode copy = org.deepCopy();
            if (!grant.orgIds().contains(org.path("sub").asText(""))) {
                copy.remove(GRANTED_ONLY);
            }
            result.add(copy);
        }
        return result;
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static void claimIfSet(JWTClaimsSet.Builder builder, String name, String value) {
        if (value != null) {
            builder.claim(name, value);
        }
    }
}
