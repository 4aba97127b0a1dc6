package dev.hflogin.keycloak.recheck;

import dev.hflogin.keycloak.HuggingFaceIdentityProviderFactory;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The enabled Hugging Face providers, in every realm, whose admin turned re-checking on: one query
 * over all realms (a tick costs nothing more when no provider re-checks), then each provider's
 * stored config through Keycloak's cached model.
 */
final class RecheckedProviders {

    /** One provider to re-check, with its realm and stored model. */
    record Provider(RealmModel realm, IdentityProviderModel model, RecheckSettings settings) {
    }

    private RecheckedProviders() {
    }

    static List<Provider> find(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<Object[]> rows = em.createQuery("select idp.realmId, idp.alias from IdentityProviderEntity idp"
                        + " where idp.providerId = :providerId and idp.enabled = true", Object[].class)
                .setParameter("providerId", HuggingFaceIdentityProviderFactory.PROVIDER_ID)
                .getResultList();
        List<Provider> providers = new ArrayList<>();
        for (Object[] row : rows) {
            RealmModel realm = session.realms().getRealm((String) row[0]);
            if (realm == null) {
                continue;
            }
            session.getContext().setRealm(realm);
            IdentityProviderModel model = session.identityProviders().getByAlias((String) row[1]);
            RecheckSettings settings = new RecheckSettings(model == null ? null : model.getConfig());
            if (model != null && model.isEnabled() && settings.enabled()) {
                providers.add(new Provider(realm, model, settings));
            }
        }
        return providers;
    }
}
