package dev.hflogin.keycloak.recheck;

import org.keycloak.models.IdentityProviderModel;

import java.lang.reflect.Method;

/**
 * Whether a provider's "Store tokens" is on. {@code IdentityProviderModel.isStoreToken()} returns
 * {@code boolean} in Keycloak 26.0 and a nullable {@code Boolean} in 26.7: a direct call compiled
 * against one side fails on the other ({@code NoSuchMethodError}), so it is called reflectively.
 */
public final class StoreTokens {

    private static final Method IS_STORE_TOKEN = find();

    private StoreTokens() {
    }

    public static boolean isOn(IdentityProviderModel model) {
        try {
            return model != null && IS_STORE_TOKEN != null && Boolean.TRUE.equals(IS_STORE_TOKEN.invoke(model));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static Method find() {
        try {
            return IdentityProviderModel.class.getMethod("isStoreToken");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
