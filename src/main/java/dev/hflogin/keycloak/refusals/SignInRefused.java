package dev.hflogin.keycloak.refusals;

import org.keycloak.broker.provider.IdentityBrokerException;

/**
 * A Hugging Face sign-in refused by one of the provider's checks. It is an IdentityBrokerException
 * with the check's message key, so Keycloak's own handling of it (where it is not turned into a page
 * by {@link RefusalPage}) shows the same page.
 */
public final class SignInRefused extends IdentityBrokerException {

    private final FailedCheck check;

    /** @param message for the server log only: never a token or a claim value */
    public SignInRefused(FailedCheck check, String message) {
        super(message);
        this.check = check;
        withMessageCode(check.messageKey());
    }

    public SignInRefused(FailedCheck check, Throwable cause) {
        super("Hugging Face sign-in refused: " + check.detail(), cause);
        this.check = check;
        withMessageCode(check.messageKey());
    }

    public FailedCheck check() {
        return check;
    }
}
