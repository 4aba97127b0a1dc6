package dev.hflogin.keycloak.it.standin;

/** How the stand-in signs ID tokens; everything but NORMAL is for hostile-upstream tests. */
public enum SigningMode {
    /** RS256 with the current published key and its kid, as HF does. */
    NORMAL,
    /** RS256 with the current key but no kid header. */
    NO_KID,
    /** RS256 with a key that is not in the JWKS, under the current key's kid. */
    WRONG_KEY,
    /** RS256 with a key that is not in the JWKS, and no kid: the verifier can only guess a key. */
    NO_KID_UNPUBLISHED_KEY,
    /** RS256 with a key that is not in the JWKS, under a kid nobody ever published (a new one each token). */
    UNKNOWN_KID,
    /** Unsigned: alg "none". */
    ALG_NONE
}
