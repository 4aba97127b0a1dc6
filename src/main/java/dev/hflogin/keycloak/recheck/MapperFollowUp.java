package dev.hflogin.keycloak.recheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hflogin.keycloak.profile.HuggingFaceProfileParser;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;

/**
 * Re-applies the provider's FORCE organization mappers with the claims a re-check got, in a
 * transaction of its own, through the mappers' public entry point ({@code updateBrokeredUser}, what
 * Keycloak calls at a sign-in with FORCE): they join and leave exactly as at a sign-in, with the same
 * "only what we granted" rules. When something changed, an UPDATE_PROFILE event says what.
 */
final class MapperFollowUp {

    private static final Logger LOG = Logger.getLogger(MapperFollowUp.class);

    private MapperFollowUp() {
    }

    static void apply(KeycloakSessionFactory factory, String realmId, String alias, String userId, String hfSubject,
                      JsonNode userInfo) {
        ObjectNode claims = userInfo.deepCopy();
        if (!claims.path(HuggingFaceProfileParser.ORGS_CLAIM).isArray()) {
            // As at sign-in: organizations asked for and not sent count as none, so mappers take back what they granted.
            claims.putArray(HuggingFaceProfileParser.ORGS_CLAIM);
        }
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
            IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
            if (user == null || provider == null) {
                return;
            }
            List<IdentityProviderMapperModel> mappers = ForcedOrganizationMappers.of(session, provider);
            if (mappers.isEmpty()) {
                return;
            }
            BrokeredIdentityContext context = new BrokeredIdentityContext(hfSubject, provider);
            context.getContextData().put(HuggingFaceProfileParser.USER_INFO_KEY, claims);
            MappedAccess before = MappedAccess.of(session, realm, user);
            for (IdentityProviderMapperModel model : mappers) {
                IdentityProviderMapper mapper = (IdentityProviderMapper) factory.getProviderFactory(
                        IdentityProviderMapper.class, model.getIdentityProviderMapper());
                if (mapper != null) {
                    mapper.updateBrokeredUser(session, realm, user, model, context);
                }
            }
            List<String[]> changes = MappedAccess.of(session, realm, user).changesSince(before);
            if (changes.isEmpty()) {
                return;
            }
            EventBuilder event = new EventBuilder(realm, session).event(EventType.UPDATE_PROFILE).user(user)
                    .detail(Details.IDENTITY_PROVIDER, alias)
                    .detail(Details.REASON, AccessRevocation.REASON);
            StringBuilder summary = new StringBuilder();
            for (String[] change : changes) {
                event.detail(change[0], change[1]);
                summary.append(' ').append(change[0]).append('=').append(change[1]);
            }
            event.success();
            LOG.infof("Hugging Face re-check updated mapped access: realm=%s provider=%s user=%s%s",
                    realm.getName(), alias, userId, summary);
        });
    }
}
