package dev.hflogin.keycloak.mappers;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares a mapped attribute in the realm's user profile the first time the mapper fills it, so
 * that an admin sees it on the user (Keycloak 24+ hides and drops attributes its user profile does
 * not declare, unless unmanaged attributes are allowed). Declared for admins only, multi-valued,
 * never required; an admin can change that in Realm settings, User profile. Checked once per realm,
 * attribute and node.
 */
final class UserProfileDeclaration {

    private static final Logger LOG = Logger.getLogger(UserProfileDeclaration.class);
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final String ADMIN = "admin";

    private UserProfileDeclaration() {
    }

    static void ensureDeclared(KeycloakSession session, RealmModel realm, String attribute) {
        if (!KNOWN.add(realm.getId() + "|" + attribute)) {
            return;
        }
        try {
            UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
            UPConfig config = profiles.getConfiguration();
            if (config.getAttribute(attribute) != null || config.getUnmanagedAttributePolicy() != null) {
                return; // declared already, or the realm shows undeclared attributes by its own choice
            }
            UPAttribute declared = new UPAttribute(attribute, new UPAttributePermissions(Set.of(ADMIN), Set.of(ADMIN)));
            declared.setDisplayName(attribute);
            declared.setMultivalued(true);
            config.addOrReplaceAttribute(declared);
            profiles.setConfiguration(config);
            LOG.infof("Hugging Face attribute mapper: declared user attribute '%s' in the user profile of realm %s "
                    + "(admins may view and edit it)", attribute, realm.getName());
        } catch (RuntimeException e) {
            KNOWN.remove(realm.getId() + "|" + attribute); // try again at the next sign-in
            LOG.warnf("Hugging Face attribute mapper: could not declare user attribute '%s' in realm %s: %s",
                    attribute, realm.getName(), e.toString());
        }
    }
}
