package dev.hflogin.keycloak.it.standin;

import java.time.Instant;
import java.util.Set;

/**
 * What a user allowed an app at sign-in: survives from the code through access and refresh
 * tokens. The user is kept by sub so later renames show up in userinfo, as on HF.
 *
 * @param nonce  the authorize request's nonce, or null
 * @param orgIds org subs the user granted the app (by default those it asked for with orgIds; these get roleInOrg)
 */
record Grant(String clientId, String userSub, Set<String> scopes, String nonce, Set<String> orgIds, Instant authTime) {

    boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** ID tokens minted on refresh carry no nonce (OIDC Core 12.2). */
    Grant withoutNonce() {
        return new Grant(clientId, userSub, scopes, null, orgIds, authTime);
    }
}
