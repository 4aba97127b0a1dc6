package dev.hflogin.keycloak.profile;

/** Hugging Face's claims cannot identify a user. The message never contains claim values. */
public class InvalidProfileException extends RuntimeException {

    public InvalidProfileException(String message) {
        super(message);
    }
}
