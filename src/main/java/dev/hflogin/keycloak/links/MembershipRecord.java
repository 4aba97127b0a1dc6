package dev.hflogin.keycloak.links;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The organization member mapper's record of the Keycloak organization memberships it made (user
 * attribute {@value #ATTRIBUTE}, organization IDs): FORCE and LEGACY take away only these, never a
 * membership an admin made. The record decides what is taken away, so nobody but the mapper may
 * change it: it is declared in the realm's user profile as viewable by admins and editable by no
 * one. A user therefore cannot delete it through the account console (which would keep every
 * organization after leaving the HF orgs), and an admin's user update that omits it keeps it, since
 * Keycloak keeps read-only attributes on update. The mapper writes it through the user model, which
 * the user profile does not restrict.
 */
public final class MembershipRecord {

    public static final String ATTRIBUTE = "huggingface.organizationMemberships";

    private static final Logger LOG = Logger.getLogger(MembershipRecord.class);
    private static final String ADMIN = "admin";
    /** Realms whose declaration this node has checked since it started. */
    private static final Set<String> PROTECTED = ConcurrentHashMap.newKeySet();

    private MembershipRecord() {
    }

    public static Set<String> read(UserModel user) {
        return new LinkedHashSet<>(user.getAttributeStream(ATTRIBUTE).filter(v -> v != null && !v.isBlank()).toList());
    }

    /**
     * Checks the declaration once per realm and node (cheap on every sign-in), in a transaction of its own:
     * the user profile is one realm component, and sign-ins writing it in their own transactions at the same
     * moment fail on each other's write.
     */
    public static void protect(KeycloakSession session, RealmModel realm) {
        if (PROTECTED.contains(realm.getId())) {
            return;
        }
        String realmId = realm.getId();
        synchronized (MembershipRecord.class) { // one declaration at a time on this node
            if (PROTECTED.contains(realmId)) {
                return;
            }
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                    RealmModel ownRealm = own.realms().getRealm(realmId);
                    own.getContext().setRealm(ownRealm);
                    declareReadOnly(own, ownRealm);
                });
                PROTECTED.add(realmId);
            } catch (RuntimeException failed) {
                // Most likely another node declared it at the same moment; checked again at the next sign-in.
                LOG.warnf("Hugging Face organization mapper: could not declare user attribute '%s' read-only in realm %s "
                        + "(will try again): %s", ATTRIBUTE, realm.getName(), failed.toString());
            }
        }
    }

    /** Writes the record if it changed. */
    public static void write(KeycloakSession session, RealmModel realm, UserModel user, Set<String> organizationIds) {
        if (read(user).equals(organizationIds)) {
            return;
        }
        protect(session, realm);
        if (organizationIds.isEmpty()) {
            user.removeAttribute(ATTRIBUTE);
        } else {
            user.setAttribute(ATTRIBUTE, new ArrayList<>(organizationIds));
        }
    }

    /** Declares the record read-only in the realm's user profile unless it is already; throws when it cannot. */
    private static void declareReadOnly(KeycloakSession session, RealmModel realm) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPConfig config = profiles.getConfiguration();
        UPAttribute declared = config.getAttribute(ATTRIBUTE);
        if (declared != null && isReadOnly(declared.getPermissions())) {
            return;
        }
        UPAttribute readOnly = declared != null ? declared : new UPAttribute(ATTRIBUTE);
        readOnly.setPermissions(new UPAttributePermissions(Set.of(ADMIN), Set.of()));
        readOnly.setDisplayName("Hugging Face: organization memberships made by the mapper");
        readOnly.setMultivalued(true);
        config.addOrReplaceAttribute(readOnly);
        profiles.setConfiguration(config);
        LOG.infof("Hugging Face organization mapper: declared user attribute '%s' read-only (admins may view it) "
                + "in the user profile of realm %s", ATTRIBUTE, realm.getName());
    }

    private static boolean isReadOnly(UPAttributePermissions permissions) {
        return permissions != null && (permissions.getEdit() == null || permissions.getEdit().isEmpty());
    }
}
